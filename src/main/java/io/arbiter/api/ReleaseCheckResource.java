package io.arbiter.api;

import io.arbiter.release.ReleaseService;
import io.arbiter.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The release gate's verdict before anyone acts: the admin UI asks it to tell whether "Activate"
 * would work for the signed-in caller, and why not. Read by whoever reads rule sets, so an analyst
 * or engineer sees what an approver would still need.
 */
@Path("/v1/rulesets/{revision}/release")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER})
public class ReleaseCheckResource {
    private final ReleaseService release;
    private final Callers callers;

    @Inject
    public ReleaseCheckResource(ReleaseService release, Callers callers) {
        this.release = release;
        this.callers = callers;
    }

    /** What {@code POST /v1/rulesets/{revision}/activate} would do for this caller now, without doing it. */
    @GET
    public ReleaseCheckV1 check(@PathParam("revision") int revision, @Context HttpServerRequest request) {
        return ReleaseCheckV1.of(release.check(revision, callers.current(request)));
    }
}

package io.arbiter.api;

import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** Who is signed in: any authenticated caller may ask about itself (in open mode, everyone). */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class CallerResource {
    private final Callers callers;

    @Inject
    public CallerResource(Callers callers) {
        this.callers = callers;
    }

    /** The caller's name, Arbiter roles, tenant and whether security is off — what the admin UI shows and offers. */
    @GET
    public CallerV1 me(@Context HttpServerRequest request) {
        return CallerV1.of(callers.current(request));
    }
}

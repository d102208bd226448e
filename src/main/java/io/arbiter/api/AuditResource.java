package io.arbiter.api;

import io.arbiter.audit.AuditVerifier;
import io.arbiter.security.Roles;
import io.arbiter.security.TenantScope;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/audit")
@RolesAllowed(Roles.AUDITOR)
public class AuditResource {
    @Inject
    AuditVerifier verifier;

    @Inject
    Callers callers;

    /** Walks the hash chain over the decisions in [from, to) and reports the first break. */
    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditVerifier.Report verify(@QueryParam("from") String from, @QueryParam("to") String to,
                                       @Context HttpServerRequest request) {
        TenantScope.requirePlatform(callers.current(request), "The hash chain");
        return verifier.verify(DecisionResource.instant("from", from), DecisionResource.instant("to", to));
    }
}

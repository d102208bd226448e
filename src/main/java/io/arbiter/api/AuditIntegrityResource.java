package io.arbiter.api;

import io.arbiter.audit.AuditVerifier;
import io.arbiter.audit.QuarantineReader;
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

/** The audit log's integrity, for auditors: the hash chain verified, and the records kept outside it (the quarantine). */
@Path("/v1/audit")
@RolesAllowed(Roles.AUDITOR)
public class AuditIntegrityResource {
    private final AuditVerifier verifier;
    private final QuarantineReader quarantine;
    private final Callers callers;

    @Inject
    public AuditIntegrityResource(AuditVerifier verifier, QuarantineReader quarantine, Callers callers) {
        this.verifier = verifier;
        this.quarantine = quarantine;
        this.callers = callers;
    }

    /** Walks the hash chain over the decisions in [from, to) and reports the first break. */
    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditVerifier.Report verify(@QueryParam("from") String from, @QueryParam("to") String to,
                                       @Context HttpServerRequest request) {
        TenantScope.requirePlatform(callers.current(request),
                "The hash chain spans every tenant's records; it needs a caller not bound to a tenant");
        return verifier.verify(RequestValues.instant("from", from), RequestValues.instant("to", to));
    }

    /**
     * Decisions whose record PostgreSQL refused, kept in the quarantine, newest first, a page at a
     * time; a tenant-bound auditor sees its own tenant's only.
     */
    @GET
    @Path("/quarantine")
    @Produces(MediaType.APPLICATION_JSON)
    public String quarantine(@QueryParam("tenant") String tenant, @QueryParam("limit") String limit,
                             @QueryParam("cursor") String cursor, @Context HttpServerRequest request) {
        String scope = TenantScope.filter(callers.current(request), RequestValues.blankToNull(tenant), "tenant");
        return DecisionLogResource.json(quarantine.page(scope, RequestValues.limit("limit", limit,
                DecisionLogResource.DEFAULT_LIMIT, DecisionLogResource.MAX_LIMIT), RequestValues.cursor("cursor", cursor)));
    }
}

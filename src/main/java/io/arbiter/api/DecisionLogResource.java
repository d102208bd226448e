package io.arbiter.api;

import io.arbiter.audit.AuditQuery;
import io.arbiter.audit.AuditReader;
import io.arbiter.audit.QuarantineReader;
import io.arbiter.security.Roles;
import io.arbiter.security.TenantScope;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The audit log, for auditors; a tenant-bound auditor sees its own tenant's decisions only. */
@Path("/v1/decisions")
@RolesAllowed(Roles.AUDITOR)
public class DecisionLogResource {
    static final String JSON_LINES = "application/x-ndjson";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final AuditReader audit;
    private final QuarantineReader quarantine;
    private final Callers callers;

    @Inject
    public DecisionLogResource(AuditReader audit, QuarantineReader quarantine, Callers callers) {
        this.audit = audit;
        this.quarantine = quarantine;
        this.callers = callers;
    }

    /** Decisions matching every given filter, newest first, a page at a time. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String query(@QueryParam("commandId") String commandId, @QueryParam("correlationId") String correlationId,
                        @QueryParam("businessKey") String businessKey, @QueryParam("owner") String owner,
                        @QueryParam("type") String type, @QueryParam("revision") String revision,
                        @QueryParam("outcome") String outcome, @QueryParam("from") String from, @QueryParam("to") String to,
                        @QueryParam("tenant") String tenant, @QueryParam("limit") String limit,
                        @QueryParam("cursor") String cursor, @Context HttpServerRequest request) {
        AuditQuery q = new AuditQuery(commandId, correlationId, businessKey, owner, type, RequestValues.integer("revision", revision),
                RequestValues.outcome("outcome", outcome), RequestValues.instant("from", from), RequestValues.instant("to", to),
                TenantScope.filter(callers.current(request), RequestValues.blankToNull(tenant), "tenant"));
        return json(audit.query(q, RequestValues.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT),
                RequestValues.cursor("cursor", cursor)));
    }

    /** A page of records as served: {@code {"items": [...], "nextCursor": "…" or null}}. */
    static String json(AuditReader.Page page) {
        return "{\"items\":[" + String.join(",", page.records()) + "],\"nextCursor\":"
                + (page.nextCursor() == null ? "null" : "\"" + page.nextCursor() + "\"") + "}";
    }

    /** Decisions in a time window as JSON Lines, oldest first — the replay simulator's input. */
    @GET
    @Path("/export")
    @Produces(JSON_LINES)
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tenant") String tenant,
                           @Context HttpServerRequest request) {
        AuditQuery q = new AuditQuery(null, null, null, null, null, null, null, RequestValues.instant("from", from),
                RequestValues.instant("to", to), TenantScope.filter(callers.current(request), RequestValues.blankToNull(tenant), "tenant"));
        StreamingOutput body = out -> audit.export(q, out);
        return Response.ok(body, JSON_LINES).build();
    }

    /** The audit record of one decision; a quarantined one (PostgreSQL refused its record) with {@code "quarantined": true}. */
    @GET
    @Path("/{decisionId}")
    @Produces(MediaType.APPLICATION_JSON)
    public String find(@PathParam("decisionId") String decisionId, @Context HttpServerRequest request) {
        UUID id;
        try {
            id = UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("decisionId", "not a UUID");
        }
        // Another tenant's decision is "not found" for a bound caller: its existence is not theirs to know.
        String tenant = callers.current(request).tenant();
        return audit.find(id, tenant).or(() -> quarantine.find(id, tenant)).orElseThrow(() -> new ProblemException(404,
                "Not found", "No decision " + decisionId + " in the audit log", List.of()));
    }
}

package io.arbiter.api;

import io.arbiter.audit.AuditLog;
import io.arbiter.audit.AuditRecord;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

@Path("/v1/decisions")
public class DecisionResource {
    @Inject
    AuditLog audit;

    /** The audit record of one decision: envelope as received, result as returned. */
    @GET
    @Path("/{decisionId}")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditRecord find(@PathParam("decisionId") String decisionId) {
        UUID id;
        try {
            id = UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid request", "decisionId: not a UUID",
                    List.of(new Problem.FieldError("decisionId", "not a UUID")));
        }
        return audit.find(id).orElseThrow(() -> new ProblemException(404, "Not found",
                "No decision " + decisionId + " in the audit log", List.of()));
    }
}

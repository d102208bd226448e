package io.arbiter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/** Audit entries for tests that write straight to the audit log, below the decide path. */
final class AuditEntries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditEntries() {
    }

    /**
     * A PlaceOrder routed to order-management at {@code at} (microseconds, as decide stamps it:
     * PostgreSQL keeps no more), whose columns agree with its record, as verify checks.
     */
    static AuditEntry verifiable(String commandId, String tenant, Instant at) {
        UUID id = UUID.randomUUID();
        ObjectNode record = JSON.createObjectNode().put("decision_id", id.toString()).put("timestamp", at.toString())
                .put("path", "v1/decide").put("revision", 1);
        ObjectNode input = record.putObject("input").put("commandId", commandId).put("type", "PlaceOrder");
        if (tenant != null) {
            input.put("tenant", tenant);
        }
        record.putObject("result").put("owner", "order-management").put("outcome", "ROUTED");
        return new AuditEntry(id, at, commandId, "PlaceOrder", null, null, tenant, "order-management", "ROUTED", 1, record.toString());
    }

    /** The same entry with another stored text: a record the columns may no longer agree with. */
    static AuditEntry withRecord(AuditEntry e, String record) {
        return new AuditEntry(e.decisionId(), e.decidedAt(), e.commandId(), e.commandType(), e.businessKey(), e.correlationId(),
                e.tenant(), e.owner(), e.outcome(), e.revision(), record);
    }
}

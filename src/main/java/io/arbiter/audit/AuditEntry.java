package io.arbiter.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One decision as the audit log stores it: the exact JSON record plus copies of the fields
 * queries filter on. Also the unit written to the journal.
 */
public record AuditEntry(
        UUID decisionId,
        Instant decidedAt,
        String commandId,
        String commandType,
        String businessKey,
        String correlationId,
        String tenant,
        String owner,
        String outcome,
        int revision,
        String record) {
}

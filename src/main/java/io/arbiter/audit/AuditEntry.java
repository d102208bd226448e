package io.arbiter.audit;

import io.arbiter.routing.DecisionRecordV1;

import java.time.Instant;
import java.util.UUID;

/**
 * One decision as the audit log stores it: the record's exact stored text plus copies of the
 * fields queries filter on. Also the unit written to the journal.
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

    /**
     * The entry of a record rendered as {@code stored}, whose id is {@code decisionId}: the columns
     * are read off the typed record, so they agree with it.
     */
    static AuditEntry of(UUID decisionId, DecisionRecordV1 r, String stored) {
        return new AuditEntry(decisionId, r.timestamp(), r.input().commandId(), r.input().type(),
                r.input().businessKey(), r.input().correlationId(), r.input().tenant(), r.result().owner(),
                r.result().outcome().name(), r.revision(), stored);
    }
}

package io.arbiter.audit;

import java.time.Instant;

/** Filters of the decision query; null means "any". Filters combine with AND. */
public record AuditQuery(String commandId, String correlationId, String businessKey, String owner, String type,
                         Integer revision, String outcome, Instant from, Instant to, String tenant) {
}

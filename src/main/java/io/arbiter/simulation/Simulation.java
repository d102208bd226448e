package io.arbiter.simulation;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored simulation and how far it got.
 *
 * @param source     the resolved source as JSON: the audit-log window with its filters and sequence
 *                   bounds ({@code {"auditLog":{…}}}), or the upload's name and size ({@code {"file":{…}}})
 * @param total      records to replay, once counted (null before)
 * @param processed  records read so far (updated every 10,000 while running)
 * @param replayed   decisions replayed without error, once completed
 * @param report     the {@link SimulationReport} as JSON, once completed
 * @param tenant     the tenant of a tenant-bound requester: the window was limited to it, and only
 *                   that tenant's callers (and platform callers) see the simulation
 */
public record Simulation(UUID id, int candidateRevision, Integer baselineRevision, SourceKind sourceKind, String source,
                         Status status, Long total, long processed, Long replayed, boolean cancelRequested,
                         String report, String error, String requestedBy, String tenant, Instant createdAt,
                         Instant startedAt, Instant finishedAt) {

    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

        public boolean finished() {
            return this == COMPLETED || this == FAILED || this == CANCELLED;
        }
    }

    public enum SourceKind { AUDIT_LOG, FILE }

    /** True when it replayed under assumed signals (a "what if", stored with its source) rather than the decisions' own. */
    public boolean whatIf() {
        try {
            return source != null && HistoryReader.JSON.readTree(source).has("signals");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored simulation source is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}

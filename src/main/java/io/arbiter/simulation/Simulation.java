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

    /**
     * True when it replayed every decision the audit log recorded from {@code since} (or earlier)
     * until it was accepted: a window of the log starting no later than {@code since}, ending when it
     * was accepted, filtered by nothing and not cut to the newest N.
     */
    public boolean replayedWholeLogSince(Instant since) {
        if (sourceKind != SourceKind.AUDIT_LOG || source == null) {
            return false;
        }
        com.fasterxml.jackson.databind.JsonNode window = sourceTree().get("auditLog");
        if (window == null) {
            return false;
        }
        java.util.Iterator<String> fields = window.fieldNames();
        while (fields.hasNext()) {
            if (!WHOLE_WINDOW.contains(fields.next())) {
                return false; // a filter, or only the newest N
            }
        }
        return !Instant.parse(window.get("from").asText()).isAfter(since) && !Instant.parse(window.get("to").asText()).isBefore(createdAt);
    }

    /** What the stored window of an unfiltered replay holds. */
    private static final java.util.Set<String> WHOLE_WINDOW = java.util.Set.of("from", "to", "fromSeq", "toSeq");

    private com.fasterxml.jackson.databind.JsonNode sourceTree() {
        try {
            return HistoryReader.JSON.readTree(source);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored simulation source is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** True when it replayed under assumed signals (a "what if", stored with its source) rather than the decisions' own. */
    public boolean whatIf() {
        return source != null && sourceTree().has("signals");
    }
}

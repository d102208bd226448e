package io.arbiter.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.arbiter.simulation.Simulation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored simulation as served by {@code /v1/simulations}. {@code report} is the full report
 * once COMPLETED (null in lists: fetch the simulation to read it).
 */
public record SimulationV1(
        UUID id,
        String status,
        int candidateRevision,
        Object baseline,
        @JsonRawValue String source,
        Progress progress,
        Long replayed,
        boolean cancelRequested,
        String error,
        String requestedBy,
        String tenant,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @JsonRawValue String report) {

    /** Records read so far out of {@code total} (null until counted). */
    public record Progress(long processed, Long total) {
    }

    static SimulationV1 of(Simulation s) {
        return new SimulationV1(s.id(), s.status().name(), s.candidateRevision(),
                s.baselineRevision() == null ? "recorded" : Map.of("revision", s.baselineRevision()), s.source(),
                new Progress(s.processed(), s.total()), s.replayed(), s.cancelRequested(), s.error(), s.requestedBy(),
                s.tenant(), s.createdAt(), s.startedAt(), s.finishedAt(), s.report());
    }
}

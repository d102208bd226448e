package io.arbiter.simulation;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code simulation} (V2, V3). {@code source} and {@code report} are JSON kept in TEXT
 * columns and mapped as plain strings: Hibernate stores and returns the exact text the service
 * wrote, and rows written before the entity existed read back unchanged (a JSON type would parse
 * and re-serialise them). Only {@link SimulationStore} sees it; state changes are guarded updates there.
 */
@Entity
@Table(name = "simulation")
class SimulationEntity {
    @Id
    @Column(name = "id")
    UUID id;

    @Column(name = "candidate_revision", nullable = false)
    int candidateRevision;

    @Column(name = "baseline_revision")
    Integer baselineRevision;

    @Enumerated(EnumType.STRING)
    @Column(name = "source_kind", nullable = false)
    Simulation.SourceKind sourceKind;

    @Column(name = "source", nullable = false)
    String source;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    Simulation.Status status;

    @Column(name = "total")
    Long total;

    @Column(name = "processed", nullable = false)
    long processed;

    @Column(name = "replayed")
    Long replayed;

    @Column(name = "cancel_requested", nullable = false)
    boolean cancelRequested;

    /** Can be large: loaded only when read (one simulation), never for lists. */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "report")
    String report;

    @Column(name = "error")
    String error;

    @Column(name = "requested_by")
    String requestedBy;

    @Column(name = "tenant")
    String tenant;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    /** Touched by the replica running it; a stale heartbeat means that replica is gone. */
    @Column(name = "heartbeat_at", nullable = false)
    Instant heartbeatAt;

    Simulation toSimulation(boolean withReport) {
        return new Simulation(id, candidateRevision, baselineRevision, sourceKind, source, status, total, processed, replayed,
                cancelRequested, withReport ? report : null, error, requestedBy, tenant, createdAt, startedAt, finishedAt);
    }
}

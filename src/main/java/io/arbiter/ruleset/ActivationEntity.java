package io.arbiter.ruleset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code ruleset_activation} (V1, V2, V3): every activation, in order; never updated. */
@Entity
@Table(name = "ruleset_activation")
class ActivationEntity {
    /** BIGSERIAL: numbered by PostgreSQL, so the order of ids is the order of commits' inserts. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    Long id;

    @Column(name = "revision", nullable = false)
    int revision;

    @Column(name = "previous_revision")
    Integer previousRevision;

    @Column(name = "activated_at", nullable = false)
    Instant activatedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    Activation.Kind kind;

    @Column(name = "activated_by")
    String activatedBy;

    @Column(name = "simulation_id")
    UUID simulationId;

    @Column(name = "override_reason")
    String overrideReason;

    @Column(name = "break_glass", nullable = false)
    boolean breakGlass;

    static ActivationEntity of(int revision, Integer previous, Instant now, Activation.Grant grant) {
        ActivationEntity entity = new ActivationEntity();
        entity.revision = revision;
        entity.previousRevision = previous;
        entity.activatedAt = now;
        entity.kind = grant.kind();
        entity.activatedBy = grant.activatedBy();
        entity.simulationId = grant.simulationId();
        entity.overrideReason = grant.overrideReason();
        entity.breakGlass = grant.breakGlass();
        return entity;
    }

    Activation toActivation() {
        return new Activation(id, revision, previousRevision, activatedAt, kind, activatedBy, simulationId, overrideReason,
                breakGlass);
    }
}

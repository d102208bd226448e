package io.arbiter.signals;

import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.Observation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code signal_latest} (V7): a pushed signal's newest observation. */
@Entity
@Table(name = "signal_latest")
class SignalLatestEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "value", nullable = false)
    String value;

    @Column(name = "observed_at", nullable = false)
    Instant observedAt;

    @Column(name = "source", nullable = false)
    String source;

    @Column(name = "changed_at", nullable = false)
    Instant changedAt;

    Observation observation(SignalDeclaration declaration) {
        return new Observation(name, declaration.parse(value), observedAt, source, changedAt);
    }
}

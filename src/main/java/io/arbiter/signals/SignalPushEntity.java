package io.arbiter.signals;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code signal_push} (V7): one push as it came; never updated. */
@Entity
@Table(name = "signal_push")
class SignalPushEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    Long id;

    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "value", nullable = false)
    String value;

    @Column(name = "observed_at", nullable = false)
    Instant observedAt;

    @Column(name = "received_at", nullable = false)
    Instant receivedAt;

    @Column(name = "pushed_by")
    String pushedBy;

    @Column(name = "subject")
    String subject;

    @Column(name = "client_id")
    String clientId;

    @Column(name = "applied", nullable = false)
    boolean applied;

    SignalPush push() {
        return new SignalPush(id, name, value, observedAt, receivedAt, pushedBy, subject, clientId, applied);
    }
}

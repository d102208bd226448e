package io.arbiter.decision;

import java.time.Duration;
import java.time.Instant;

/**
 * A signal's latest value: when its source observed it, where it came from, and since when the
 * value has been what it is ({@code changedAt}: a repeated push of the same value keeps it).
 */
public record Observation(String name, Object value, Instant observedAt, String source, Instant changedAt) {

    /**
     * The observation of {@code value} that follows {@code had} (null: the first): its change time
     * moves only when the value does, compared as the text it is stored as — a repeated push or poll
     * of the same value keeps it. Pushes and polls both come through here.
     */
    public static Observation following(Observation had, String name, Object value, Instant observedAt, String source) {
        boolean same = had != null && SignalDeclaration.text(had.value()).equals(SignalDeclaration.text(value));
        return new Observation(name, value, observedAt, source, same ? had.changedAt() : observedAt);
    }

    /** How old the value is at {@code now} (never negative: a source's clock may run a little ahead). */
    public Duration ageAt(Instant now) {
        Duration age = Duration.between(observedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** Past its contract's maximum age at {@code now}. */
    public boolean staleAt(Instant now, Duration maxAge) {
        return ageAt(now).compareTo(maxAge) > 0;
    }
}

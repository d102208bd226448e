package io.arbiter.decision;

import java.time.Duration;
import java.time.Instant;

/**
 * A signal as one decision saw it: its value, when its source observed it, and whether it was stale
 * then — worked out once, when the decision is stamped ({@link SignalReadings#read}), and recorded with it. Replay reads the
 * recorded readings back as they are, so a decision's signals never depend on a later clock or a
 * changed {@code max-age}.
 *
 * @param value      {@link java.math.BigDecimal}, {@link Boolean} or a level's text; null when never observed
 * @param observedAt when the source observed the value; null when never observed
 * @param stale      older than its contract's maximum age at the decision, or never observed
 */
public record SignalReading(String name, Object value, Instant observedAt, boolean stale) {

    /** A value as a simulation's "what if" sets it: fresh, observed at the decision itself. */
    public static SignalReading assumed(String name, Object value, Instant at) {
        return new SignalReading(name, value, at, false);
    }

    /** Its age at the decision; null when never observed. */
    public Duration ageAt(Instant decidedAt) {
        if (observedAt == null) {
            return null;
        }
        Duration age = Duration.between(observedAt, decidedAt);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /**
     * How a decision's reasons name it: {@code SIGNAL: lag = 1200, age 4s} when a row used its value,
     * {@code STALE_SIGNAL: lag, age 3m 12s} (or {@code never observed}) when a row could not.
     */
    public String reason(Instant decidedAt) {
        Duration age = ageAt(decidedAt);
        String seen = age == null ? "never observed" : "age " + words(age);
        return stale ? "STALE_SIGNAL: " + name + ", " + seen
                : "SIGNAL: " + name + " = " + SignalDeclaration.text(value) + ", " + seen;
    }

    /** {@code 4s}, {@code 3m 12s}, {@code 2h 5m}, {@code 3d 4h}: whole units, the two largest. */
    static String words(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        if (s < 86_400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
        }
        return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + "h");
    }
}

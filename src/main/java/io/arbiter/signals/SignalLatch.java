package io.arbiter.signals;

import io.arbiter.decision.Observation;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A derived BOOLEAN signal with hysteresis and a minimum dwell over a NUMBER signal ({@code of}):
 * true once the source goes above {@code onAbove}, false once it goes below {@code offBelow},
 * unchanged in between, and a switch only when at least {@code dwell} has passed since the last
 * one. A latch is a signal of its own rather than state of a table row, so every row and every
 * replica that tests it agree on one state, and a decision records it like any other signal.
 *
 * <p>{@link #next} is a pure function of the latch as it stands and the source's newer
 * observation; time is the observations' {@code observedAt}, never a clock, so a sequence of
 * observations gives the same switches wherever and whenever it is run.
 */
public record SignalLatch(String name, String of, BigDecimal onAbove, BigDecimal offBelow, Duration dwell) {

    /** The {@code source} its observations carry: {@code hysteresis of <of>}. */
    public String source() {
        return "hysteresis of " + of;
    }

    /** The latch after one observation of its source, and whether the latch switched on it. */
    public record Step(Observation latch, boolean switched) {
    }

    /**
     * The latch after {@code source}'s observation, given the latch as it stands ({@code latch},
     * null when its source was never observed). The first observation sets the latch without a
     * switch: true above {@code onAbove}, else false. The dwell runs from {@code changedAt} — the
     * last switch, or that first observation. An observation older than the latch's changes nothing.
     */
    public Step next(Observation latch, Observation source) {
        BigDecimal value = (BigDecimal) source.value();
        if (latch == null) {
            return new Step(new Observation(name, value.compareTo(onAbove) > 0, source.observedAt(), source(), source.observedAt()), false);
        }
        if (source.observedAt().isBefore(latch.observedAt())) {
            return new Step(latch, false);
        }
        boolean on = (Boolean) latch.value();
        boolean wants = on ? value.compareTo(offBelow) >= 0 : value.compareTo(onAbove) > 0;
        boolean held = Duration.between(latch.changedAt(), source.observedAt()).compareTo(dwell) < 0;
        boolean switches = wants != on && !held;
        return new Step(new Observation(name, switches ? wants : on, source.observedAt(), source(),
                switches ? source.observedAt() : latch.changedAt()), switches);
    }
}

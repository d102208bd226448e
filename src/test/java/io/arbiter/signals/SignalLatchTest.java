package io.arbiter.signals;

import io.arbiter.decision.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latch's transition: two thresholds and a minimum dwell, judged by the source observations' own times. */
class SignalLatchTest {
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    static final SignalLatch BACKLOGGED = new SignalLatch("backlogged", "lag", new BigDecimal(5000), new BigDecimal(1000), Duration.ofSeconds(60));

    static Observation lag(long value, long second) {
        return new Observation("lag", BigDecimal.valueOf(value), T0.plusSeconds(second), "push", T0.plusSeconds(second));
    }

    /** The latch as it stands: {@code on}, last switched at second {@code changed}, last observed at second {@code observed}. */
    static Observation latch(boolean on, long changed, long observed) {
        return new Observation("backlogged", on, T0.plusSeconds(observed), "hysteresis of lag", T0.plusSeconds(changed));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what                                  | on    | changed | lag    | at  | then  | switched
            "rising over on-above                    | false | 0       | 5001   | 100 | true  | true",
            "exactly on-above is not over it         | false | 0       | 5000   | 100 | false | false",
            "staying between while off               | false | 0       | 3000   | 100 | false | false",
            "staying between while on                | true  | 0       | 3000   | 100 | true  | false",
            "staying over while on                   | true  | 0       | 9000   | 100 | true  | false",
            "falling under off-below                 | true  | 0       | 999    | 100 | false | true",
            "exactly off-below is not under it       | true  | 0       | 1000   | 100 | true  | false",
            "a fall inside the dwell is refused      | true  | 50      | 0      | 100 | true  | false",
            "a rise inside the dwell is refused      | false | 50      | 9000   | 100 | false | false",
            "a switch exactly one dwell later is let | false | 40      | 9000   | 100 | true  | true",
    })
    void theLatchSwitchesOnlyPastItsThresholdAndOutsideTheDwell(String what, boolean on, long changed, long lag, long at, boolean then,
                                                                boolean switched) {
        SignalLatch.Step step = BACKLOGGED.next(latch(on, changed, at - 10), lag(lag, at));
        assertEquals(then, step.latch().value());
        assertEquals(switched, step.switched());
        assertEquals(T0.plusSeconds(at), step.latch().observedAt(), "the latch is as fresh as its source");
        assertEquals(T0.plusSeconds(switched ? at : changed), step.latch().changedAt(), "changedAt is the last switch");
        assertEquals("hysteresis of lag", step.latch().source());
        assertEquals("backlogged", step.latch().name());
    }

    @ParameterizedTest(name = "first observation {0}")
    @CsvSource({"9000, true", "5000, false", "3000, false", "0, false"})
    void theFirstObservationSetsTheLatchWithoutASwitch(long lag, boolean on) {
        SignalLatch.Step step = BACKLOGGED.next(null, lag(lag, 7));
        assertEquals(on, step.latch().value());
        assertFalse(step.switched());
        assertEquals(T0.plusSeconds(7), step.latch().changedAt());
    }

    @Test
    void anObservationOlderThanTheLatchChangesNothing() {
        Observation held = latch(true, 0, 100);
        SignalLatch.Step step = BACKLOGGED.next(held, lag(0, 99));
        assertSame(held, step.latch());
        assertFalse(step.switched());
    }

    @Test
    void aDwellRefusesASecondSwitchInsideTheWindowAndAllowsItAfter() {
        Observation l = BACKLOGGED.next(null, lag(0, 0)).latch();
        l = BACKLOGGED.next(l, lag(6000, 70)).latch();
        assertEquals(true, l.value(), "the first rise, 70 s after the first observation");
        l = BACKLOGGED.next(l, lag(500, 100)).latch();
        assertEquals(true, l.value(), "30 s after the rise: held");
        l = BACKLOGGED.next(l, lag(500, 129)).latch();
        assertEquals(true, l.value(), "59 s after the rise: held");
        SignalLatch.Step fall = BACKLOGGED.next(l, lag(500, 130));
        assertTrue(fall.switched(), "60 s after the rise the fall is let through");
        assertEquals(false, fall.latch().value());
    }

    @Test
    void aNoDwellLatchSwitchesOnEveryCrossing() {
        SignalLatch quick = new SignalLatch("backlogged", "lag", new BigDecimal(5000), new BigDecimal(1000), Duration.ZERO);
        Observation l = quick.next(null, lag(0, 0)).latch();
        for (int s = 1; s <= 4; s++) {
            SignalLatch.Step step = quick.next(l, lag(s % 2 == 1 ? 6000 : 500, s));
            assertTrue(step.switched(), "crossing " + s);
            l = step.latch();
        }
    }

    @Test
    void anOscillatingSourceSwitchesAtMostOncePerDwellWindow() {
        // 6000 and 500 alternating every 5 s for 10 minutes: each value crosses a threshold.
        Observation l = null;
        List<Instant> switches = new ArrayList<>();
        List<Boolean> states = new ArrayList<>();
        for (long s = 0; s <= 600; s += 5) {
            SignalLatch.Step step = BACKLOGGED.next(l, lag((s / 5) % 2 == 0 ? 6000 : 500, s));
            l = step.latch();
            if (step.switched()) {
                switches.add(l.observedAt());
                states.add((Boolean) l.value());
            }
        }
        // On at 0 (6000, not a switch); the first fall allowed at 60 s would need 500 then: 65 s. Then 6000 at 130, 500 at 195, …
        List<Instant> expected = new ArrayList<>();
        List<Boolean> expectedStates = new ArrayList<>();
        for (long s = 65, n = 0; s <= 600; s += 65, n++) {
            expected.add(T0.plusSeconds(s));
            expectedStates.add(n % 2 == 1);
        }
        assertEquals(expected, switches);
        assertEquals(expectedStates, states);
        for (int i = 1; i < switches.size(); i++) {
            assertTrue(Duration.between(switches.get(i - 1), switches.get(i)).compareTo(BACKLOGGED.dwell()) >= 0,
                    "switches " + switches.get(i - 1) + " and " + switches.get(i) + " are closer than the dwell");
        }
    }
}

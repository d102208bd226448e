package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.Observation;
import io.arbiter.decision.SignalReadings;
import io.arbiter.decision.SignalRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalBoardTest {

    record Declared(SignalType type, Optional<List<String>> levels, Duration maxAge, Optional<SignalsConfig.KafkaLag> kafka,
                    Optional<SignalsConfig.HttpHealth> http, Optional<SignalsConfig.Hysteresis> hysteresis) implements SignalsConfig.Declared {
        Declared(SignalType type, Optional<List<String>> levels, Duration maxAge) {
            this(type, levels, maxAge, Optional.empty(), Optional.empty());
        }

        Declared(SignalType type, Optional<List<String>> levels, Duration maxAge, Optional<SignalsConfig.KafkaLag> kafka,
                 Optional<SignalsConfig.HttpHealth> http) {
            this(type, levels, maxAge, kafka, http, Optional.empty());
        }
    }

    record Config(Map<String, SignalsConfig.Declared> declared) implements SignalsConfig {
        @Override
        public Duration refresh() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration maxClockSkew() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration pushRetention() {
            return Duration.ofDays(30);
        }
    }

    static Config config(String name, SignalType type, String levels, Duration maxAge) {
        Optional<List<String>> l = levels == null ? Optional.empty() : Optional.of(Arrays.asList(levels.split(",", -1)));
        return new Config(Map.of(name, new Declared(type, l, maxAge)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "a name with a space       | lag planner | NUMBER  | -             | PT1M  | a signal name is letters",
            "a name starting with a dot| .lag        | NUMBER  | -             | PT1M  | a signal name is letters",
            "one level                 | conf        | LEVEL   | HIGH          | PT1M  | at least two distinct levels",
            "a level twice             | conf        | LEVEL   | LOW,HIGH,LOW  | PT1M  | at least two distinct levels",
            "a blank level             | conf        | LEVEL   | LOW,,HIGH     | PT1M  | at least two distinct levels",
            "no levels                 | conf        | LEVEL   | -             | PT1M  | at least two distinct levels",
            "levels on a number        | lag         | NUMBER  | LOW,HIGH      | PT1M  | only a LEVEL signal has levels",
            "a zero max age            | lag         | NUMBER  | -             | PT0S  | max-age: must be positive",
            "a negative max age        | up          | BOOLEAN | -             | -PT1S | max-age: must be positive",
    })
    void aWrongDeclarationStopsTheServiceNamingTheKey(String what, String name, SignalType type, String levels, String maxAge, String says) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SignalBoard(config(name, type, levels, Duration.parse(maxAge))));
        assertTrue(e.getMessage().contains("arbiter.signals.declared.\"" + name + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void aValueIsCheckedAgainstItsTypeAndKeptAsDecideComparesIt() {
        SignalDeclaration lag = new SignalDeclaration("lag", SignalType.NUMBER, List.of(), Duration.ofMinutes(1));
        assertEquals(new BigDecimal("4200.5"), lag.value(new BigDecimal("4200.5")));
        assertEquals("5000", SignalDeclaration.text(new BigDecimal("5.000E+3")));
        assertEquals(new BigDecimal("5000"), lag.parse("5000"));
        SignalDeclaration conf = new SignalDeclaration("conf", SignalType.LEVEL, List.of("LOW", "HIGH"), Duration.ofMinutes(1));
        assertEquals("HIGH", conf.value("HIGH"));
        assertEquals("value", assertThrows(SignalRejectedException.class, () -> conf.value("high")).field(), "levels are exact");
        SignalDeclaration up = new SignalDeclaration("up", SignalType.BOOLEAN, List.of(), Duration.ofMinutes(1));
        assertEquals(true, up.value(true));
        assertThrows(SignalRejectedException.class, () -> up.value("true"));
    }

    @Test
    void anOlderObservationNeverReplacesANewerOne() {
        SignalBoard board = new SignalBoard(config("lag", SignalType.NUMBER, null, Duration.ofMinutes(1)));
        Instant t = Instant.parse("2026-11-30T12:00:00Z");
        board.observe(new Observation("lag", BigDecimal.TEN, t, "push", t));
        assertEquals(BigDecimal.TEN, board.observe(new Observation("lag", BigDecimal.ONE, t.minusSeconds(1), "push", t)).value());
        board.observeAll(List.of(new Observation("lag", BigDecimal.ONE, t.minusSeconds(1), "push", t)));
        assertEquals(BigDecimal.TEN, board.snapshot().get("lag").value());
        board.observeAll(List.of(new Observation("lag", BigDecimal.valueOf(2), t.plusSeconds(1), "push", t)));
        assertEquals(BigDecimal.valueOf(2), board.snapshot().get("lag").value());
    }

    @Test
    void staleIsOlderThanTheMaxAgeAndASourceClockAheadCountsAsFresh() {
        Instant t = Instant.parse("2026-11-30T12:00:00Z");
        Observation o = new Observation("lag", BigDecimal.TEN, t, "push", t);
        assertEquals(false, o.staleAt(t.plusSeconds(60), Duration.ofMinutes(1)), "exactly maxAge old is still fresh");
        assertEquals(true, o.staleAt(t.plusSeconds(61), Duration.ofMinutes(1)));
        assertEquals(Duration.ZERO, o.ageAt(t.minusSeconds(3)));
    }

    @Test
    void readingsAreHandedAgainOnlyWhileAFreshReadWouldGiveTheSameReadingsAndReasons() {
        SignalBoard board = new SignalBoard(config("lag", SignalType.NUMBER, null, Duration.ofMinutes(1)));
        Instant t = Instant.parse("2026-11-30T12:00:00Z");
        board.observe(new Observation("lag", new BigDecimal(1200), t, "push", t));
        List<String> names = List.of("lag");
        SignalReadings first = board.readings(names, t.plusMillis(4_200));
        assertSame(first, board.readings(names, t.plusMillis(4_999)), "the same second of age: nothing shown changed");
        SignalReadings ticked = board.readings(names, t.plusMillis(5_000));
        assertNotSame(first, ticked);
        assertEquals("SIGNAL: lag = 1200, age 5s", ticked.reason(0));
        assertEquals(false, board.readings(names, t.plusSeconds(60)).get(0).stale(), "exactly maxAge old is still fresh");
        assertEquals(true, board.readings(names, t.plusSeconds(60).plusNanos(1_000)).get(0).stale(), "a microsecond later it is not");
        assertEquals(false, board.readings(List.of("lag"), t.plusSeconds(1)).get(0).stale(),
                "another revision's names, an earlier stamp: read afresh");

        // Stamps in order, across ticks, the staleness limit and a new observation: always what a fresh read gives.
        for (long ms = -2_000; ms < 70_000; ms += 137) {
            Instant at = t.plusMillis(ms);
            if (ms == 30_000 + 137 * 2) {
                board.observe(new Observation("lag", new BigDecimal(900), t.plusSeconds(30), "push", t.plusSeconds(30)));
            }
            SignalReadings handed = board.readings(names, at);
            SignalReadings fresh = SignalReadings.read(board.snapshot(), board.declarations(), names, at);
            assertEquals(fresh.byName(), handed.byName(), "at " + at);
            assertEquals(fresh.reason(0), handed.reason(0), "at " + at);
        }
    }

    @Test
    void aRevisionTestingNoSignalReadsNone() {
        SignalBoard board = new SignalBoard(config("lag", SignalType.NUMBER, null, Duration.ofMinutes(1)));
        assertSame(SignalReadings.NONE, board.readings(List.of(), Instant.parse("2026-11-30T12:00:00Z")));
    }
}

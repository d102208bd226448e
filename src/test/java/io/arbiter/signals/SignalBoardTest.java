package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.Observation;
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
}

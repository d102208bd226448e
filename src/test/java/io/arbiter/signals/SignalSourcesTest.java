package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalSourcesTest {

    record Kafka(String bootstrapServers, String group, List<String> topics, Duration interval, Duration timeout,
                 Map<String, String> properties) implements SignalsConfig.KafkaLag {
    }

    record Http(String url, Duration interval, Duration timeout, List<String> upStatuses) implements SignalsConfig.HttpHealth {
    }

    record Hysteresis(Optional<String> of, Optional<BigDecimal> onAbove, Optional<BigDecimal> offBelow, Duration dwell)
            implements SignalsConfig.Hysteresis {
    }

    static SignalsConfig config(SignalType type, Kafka kafka, Http http) {
        return new SignalBoardTest.Config(Map.of("lag", new SignalBoardTest.Declared(type, Optional.empty(), Duration.ofMinutes(1),
                Optional.ofNullable(kafka), Optional.ofNullable(http))));
    }

    static Kafka kafka() {
        return new Kafka("localhost:9092", "planner", List.of("orders"), Duration.ofSeconds(5), Duration.ofSeconds(3), Map.of());
    }

    static Http http() {
        return new Http("http://payments:8080/q/health", Duration.ofSeconds(5), Duration.ofSeconds(1), List.of("200-299"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "lag of a boolean      | BOOLEAN | kafka | -                                | .kafka: a consumer group's lag is a number; this signal is BOOLEAN",
            "health of a number    | NUMBER  | http  | -                                | .http: an HTTP health check is UP (true) or DOWN (false); this signal is NUMBER",
            "both sources          | NUMBER  | both  | -                                | \"lag\": a signal has one source; both .kafka and .http are set",
            "blank servers         | NUMBER  | kafka | servers=                         | .kafka.bootstrap-servers: required",
            "blank group           | NUMBER  | kafka | group=                           | .kafka.group: required",
            "a blank topic         | NUMBER  | kafka | topics=orders,                   | .kafka.topics: one topic or more",
            "zero interval         | NUMBER  | kafka | interval=PT0S                    | .kafka.interval: must be positive",
            "servers twice         | NUMBER  | kafka | property=bootstrap.servers       | .kafka.properties.\"bootstrap.servers\": set .bootstrap-servers instead",
            "a relative URL        | BOOLEAN | http  | url=/health                      | .http.url: an absolute http:// or https:// URL with a host; '/health' is not one",
            "another scheme        | BOOLEAN | http  | url=ftp://payments/health        | .http.url: an absolute http:// or https:// URL",
            "negative timeout      | BOOLEAN | http  | timeout=-PT1S                    | .http.timeout: must be positive",
            "a status out of range | BOOLEAN | http  | up=200-299;600                   | .http.up-statuses: statuses are codes (204) or ranges (200-299) between 100 and 599; '600' is not one",
            "a range backwards     | BOOLEAN | http  | up=299-200                       | '299-200' is not one",
            "a word for a status   | BOOLEAN | http  | up=ok                            | 'ok' is not one",
    })
    void aSourceThatCannotWorkStopsTheStartNamingItsKey(String what, SignalType type, String source, String change, String says) {
        Kafka k = kafka();
        Http h = http();
        if (change.contains("=")) {
            String[] kv = change.split("=", 2);
            switch (kv[0]) {
                case "servers" -> k = new Kafka(kv[1], k.group(), k.topics(), k.interval(), k.timeout(), k.properties());
                case "group" -> k = new Kafka(k.bootstrapServers(), kv[1], k.topics(), k.interval(), k.timeout(), k.properties());
                case "topics" -> k = new Kafka(k.bootstrapServers(), k.group(), Arrays.asList(kv[1].split(",", -1)), k.interval(), k.timeout(),
                        k.properties());
                case "interval" -> k = new Kafka(k.bootstrapServers(), k.group(), k.topics(), Duration.parse(kv[1]), k.timeout(), k.properties());
                case "property" -> k = new Kafka(k.bootstrapServers(), k.group(), k.topics(), k.interval(), k.timeout(), Map.of(kv[1], "x"));
                case "url" -> h = new Http(kv[1], h.interval(), h.timeout(), h.upStatuses());
                case "timeout" -> h = new Http(h.url(), h.interval(), Duration.parse(kv[1]), h.upStatuses());
                case "up" -> h = new Http(h.url(), h.interval(), h.timeout(), List.of(kv[1].split(";")));
                default -> throw new IllegalArgumentException(change);
            }
        }
        SignalsConfig config = config(type, source.equals("http") ? null : k, source.equals("kafka") ? null : h);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SignalSources(config));
        assertTrue(e.getMessage().startsWith("Signal sources are wrong: arbiter.signals.declared.\"lag\""), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void aSignalWithoutASourceIsPushedAndAPolledOneRefusesPushesNamingItsSource() {
        assertTrue(new SignalSources(config(SignalType.NUMBER, null, null)).pushed("lag"));

        SignalSources kafka = new SignalSources(config(SignalType.NUMBER, kafka(), null));
        assertFalse(kafka.pushed("lag"));
        assertEquals(List.of("orders"), kafka.kafka().get("lag").topics());
        SignalPolledException polled = assertThrows(SignalPolledException.class, () -> kafka.requirePushed("lag"));
        assertEquals("Signal 'lag' is polled from kafka (the lag of consumer group 'planner' on orders); only a signal declared without a"
                + " source takes pushes", polled.getMessage());

        SignalSources http = new SignalSources(config(SignalType.BOOLEAN, null, http()));
        assertEquals(URI.create("http://payments:8080/q/health"), http.http().get("lag").url());
        assertTrue(http.http().get("lag").up().up(204));
        assertFalse(http.http().get("lag").up().up(503));
        assertThrows(SignalPolledException.class, () -> http.requirePushed("lag"));
    }

    /**
     * The latch {@code high} of the NUMBER signal {@code lag} (on above 5000, off below 1000, dwell 60 s),
     * with one thing changed; {@code levels} (LEVEL) and {@code healthy} (a BOOLEAN latch of {@code lag})
     * are declared beside them to be named as sources.
     */
    static SignalsConfig latchConfig(String change) {
        SignalType type = SignalType.BOOLEAN;
        Optional<String> of = Optional.of("lag");
        Optional<BigDecimal> on = Optional.of(new BigDecimal(5000));
        Optional<BigDecimal> off = Optional.of(new BigDecimal(1000));
        Duration dwell = Duration.ofSeconds(60);
        Optional<SignalsConfig.KafkaLag> k = Optional.empty();
        Optional<SignalsConfig.HttpHealth> h = Optional.empty();
        String[] kv = change.split("=", 2);
        switch (kv[0]) {
            case "none" -> { }
            case "type" -> type = SignalType.valueOf(kv[1]);
            case "of" -> of = kv[1].isEmpty() ? Optional.empty() : Optional.of(kv[1]);
            case "on-above" -> on = kv[1].isEmpty() ? Optional.empty() : Optional.of(new BigDecimal(kv[1]));
            case "off-below" -> off = kv[1].isEmpty() ? Optional.empty() : Optional.of(new BigDecimal(kv[1]));
            case "dwell" -> dwell = Duration.parse(kv[1]);
            case "kafka" -> k = Optional.of(kafka());
            case "http" -> h = Optional.of(http());
            default -> throw new IllegalArgumentException(change);
        }
        Hysteresis hysteresis = new Hysteresis(of, on, off, dwell);
        Hysteresis healthy = new Hysteresis(Optional.of("lag"), Optional.of(BigDecimal.TEN), Optional.of(BigDecimal.ONE), Duration.ZERO);
        return new SignalBoardTest.Config(Map.of(
                "lag", new SignalBoardTest.Declared(SignalType.NUMBER, Optional.empty(), Duration.ofMinutes(1)),
                "levels", new SignalBoardTest.Declared(SignalType.LEVEL, Optional.of(List.of("LOW", "HIGH")), Duration.ofMinutes(1)),
                "healthy", new SignalBoardTest.Declared(SignalType.BOOLEAN, Optional.empty(), Duration.ofMinutes(1), Optional.empty(),
                        Optional.empty(), Optional.of(healthy)),
                "high", new SignalBoardTest.Declared(type, Optional.empty(), Duration.ofMinutes(1), k, h, Optional.of(hysteresis))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no of                 | of=                | \"high\".hysteresis.of: required (the NUMBER signal it latches on)",
            "of undeclared         | of=warehouse.lag   | \"high\".hysteresis.of: no signal 'warehouse.lag' is declared",
            "of not a NUMBER       | of=levels          | \"high\".hysteresis.of: 'levels' is LEVEL; a latch is of a NUMBER signal",
            "a latch of a latch    | of=healthy         | \"high\".hysteresis.of: 'healthy' is itself a latch",
            "a latch of itself     | of=high            | \"high\".hysteresis.of: 'high' is itself a latch",
            "no on-above           | on-above=          | \"high\".hysteresis.on-above: required",
            "no off-below          | off-below=         | \"high\".hysteresis.off-below: required",
            "on-above at off-below | on-above=1000      | \"high\".hysteresis.on-above: must be above .off-below (e.g. 5000 and 1000); 1000 is not above 1000",
            "on-above under it     | off-below=6000.5   | 5000 is not above 6000.5",
            "a negative dwell      | dwell=-PT1S        | \"high\".hysteresis.dwell: must not be negative",
            "a NUMBER latch        | type=NUMBER        | \"high\".hysteresis: a latch is true or false; this signal is NUMBER",
            "a latch with kafka    | kafka              | \"high\": a latch (.hysteresis) is derived from its signal and has no source of its own; .kafka is set too",
            "a latch with http     | http               | \"high\": a latch (.hysteresis) is derived from its signal and has no source of its own; .http is set too",
    })
    void aWrongLatchStopsTheStartNamingItsKey(String what, String change, String says) {
        SignalsConfig config = latchConfig(change.contains("=") ? change : change + "=");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SignalSources(config));
        assertTrue(e.getMessage().startsWith("Signal sources are wrong: arbiter.signals.declared.\"high\""), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void aLatchIsDerivedFromItsSignalRefusesPushesAndIsStoredWhenItsSignalIsPushed() {
        SignalSources sources = new SignalSources(latchConfig("none="));
        SignalLatch high = sources.latches().get("high");
        assertEquals(new SignalLatch("high", "lag", new BigDecimal(5000), new BigDecimal(1000), Duration.ofSeconds(60)), high);
        assertEquals(List.of("healthy", "high"), sources.latchesOf("lag").stream().map(SignalLatch::name).toList());
        assertFalse(sources.pushed("high"));
        assertTrue(sources.stored("high"), "a latch of a pushed signal is kept in PostgreSQL");
        SignalDerivedException derived = assertThrows(SignalDerivedException.class, () -> sources.requirePushed("high"));
        assertEquals("Signal 'high' is derived from lag (hysteresis: true above 5000, false below 1000, dwell PT1M); push lag instead,"
                + " if it takes pushes", derived.getMessage());

        SignalsConfig polled = new SignalBoardTest.Config(Map.of(
                "lag", new SignalBoardTest.Declared(SignalType.NUMBER, Optional.empty(), Duration.ofMinutes(1), Optional.of(kafka()), Optional.empty()),
                "high", new SignalBoardTest.Declared(SignalType.BOOLEAN, Optional.empty(), Duration.ofMinutes(1), Optional.empty(), Optional.empty(),
                        Optional.of(new Hysteresis(Optional.of("lag"), Optional.of(BigDecimal.TEN), Optional.of(BigDecimal.ONE), Duration.ZERO)))));
        assertFalse(new SignalSources(polled).stored("high"), "a latch of a polled signal is per replica, like its signal");
    }
}

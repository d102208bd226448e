package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}

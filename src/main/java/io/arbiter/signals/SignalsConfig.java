package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signals (prefix {@code arbiter.signals}). They are declared here, in configuration, rather than
 * in the rule set: a signal is an operational fact of this deployment — its sources (a Kafka
 * cluster, a health URL, the systems allowed to push it) and how fast it goes stale are the
 * platform's, while tables (the analysts') only test it. A rule set that tests a signal this
 * deployment does not declare is refused on upload, with the cell located.
 */
@ConfigMapping(prefix = "arbiter.signals")
public interface SignalsConfig {

    /** The declared signals, by name ({@code arbiter.signals.declared."fulfillment-planner.lag".type=NUMBER}). */
    Map<String, Declared> declared();

    /** How often a replica reloads the pushed signals' latest values from PostgreSQL (pushes to other replicas). */
    @WithDefault("1s")
    Duration refresh();

    /** How far a pushed {@code observedAt} may lie ahead of this replica's clock before the push is refused. */
    @WithDefault("5s")
    Duration maxClockSkew();

    /** How long the record of each push (who pushed what, when) is kept. */
    @WithDefault("30d")
    Duration pushRetention();

    /** One signal's contract. */
    interface Declared {
        /** NUMBER, BOOLEAN or LEVEL. */
        SignalType type();

        /** For a LEVEL signal, its levels in rising order (e.g. {@code LOW,MEDIUM,HIGH}); none for the others. */
        Optional<List<String>> levels();

        /** How old an observation may be before the signal is stale (and satisfies no condition on its value). */
        Duration maxAge();

        /** Polled: a Kafka consumer group's lag (a NUMBER signal). Without {@code kafka} or {@code http} the signal is pushed. */
        Optional<KafkaLag> kafka();

        /** Polled: an HTTP health check, UP = true (a BOOLEAN signal). */
        Optional<HttpHealth> http();

        /** Derived: a latch over a NUMBER signal with two thresholds and a minimum dwell (a BOOLEAN signal with no source of its own). */
        Optional<Hysteresis> hysteresis();
    }

    /**
     * A consumer group's lag on its topics: the sum over their partitions of the end offset less the
     * group's committed offset (less the earliest offset where the group committed none).
     */
    interface KafkaLag {
        /** The cluster ({@code host:port,host:port}). */
        String bootstrapServers();

        /** The consumer group whose lag this is. */
        String group();

        /** The topics whose partitions count (all their partitions). */
        List<String> topics();

        /** How long between the end of one poll and the start of the next. */
        @WithDefault("5s")
        Duration interval();

        /** How long a poll may take before it counts as failed (and records nothing). */
        @WithDefault("3s")
        Duration timeout();

        /** Further Kafka Admin client properties, e.g. {@code "security.protocol"=SASL_SSL} and its credentials. */
        Map<String, String> properties();
    }

    /**
     * A BOOLEAN signal that latches on a NUMBER signal: it turns true when the source's value goes
     * above {@code on-above}, false when it goes below {@code off-below}, keeps what it is in
     * between, and switches at most once per {@code dwell}. The three are optional here so that a
     * missing one is reported with the others, naming its key, rather than by the config library.
     */
    interface Hysteresis {
        /** The declared NUMBER signal it latches on (pushed or polled; not another latch). */
        Optional<String> of();

        /** Above this the latch turns true. */
        Optional<BigDecimal> onAbove();

        /** Below this the latch turns false; less than {@code on-above}. */
        Optional<BigDecimal> offBelow();

        /** How long after a switch (judged by the source's observedAt) the latch holds before it may switch again. */
        @WithDefault("0s")
        Duration dwell();
    }

    /** A URL whose answer says UP (a status in {@code up-statuses}) or DOWN (any other status, no answer in time, no connection). */
    interface HttpHealth {
        /** The health URL (http or https), asked with GET. */
        String url();

        /** How long between the end of one check and the start of the next. */
        @WithDefault("5s")
        Duration interval();

        /** How long a check may wait for the answer (connecting included) before the signal is DOWN. */
        @WithDefault("1s")
        Duration timeout();

        /** The statuses that mean UP: codes ({@code 204}) or ranges ({@code 200-299}). */
        @WithDefault("200-299")
        List<String> upStatuses();
    }
}

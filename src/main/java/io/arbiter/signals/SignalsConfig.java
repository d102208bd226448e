package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
    }
}

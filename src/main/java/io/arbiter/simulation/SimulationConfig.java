package io.arbiter.simulation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Stored simulations run by the service (prefix {@code arbiter.simulation}). */
@ConfigMapping(prefix = "arbiter.simulation")
public interface SimulationConfig {
    /**
     * Simulations replayed at the same time on this replica. Replay is CPU-bound and shares the
     * cores with decide, so the default keeps it to one.
     */
    @WithDefault("1")
    int concurrency();

    /** Simulations waiting to run on this replica before new ones are refused with 429. */
    @WithDefault("16")
    int maxQueued();

    /** The audit-log window when a request gives no {@code from}: this long before the request. */
    @WithDefault("7d")
    Duration defaultWindow();

    /**
     * Threads one simulation parses and evaluates on. Default 1: a simulation runs beside decide
     * on the same cores. The report is the same for any number.
     */
    @WithDefault("1")
    int threads();

    /** Example decision ids kept per report cell when a request does not say. */
    @WithDefault("5")
    int examples();
}

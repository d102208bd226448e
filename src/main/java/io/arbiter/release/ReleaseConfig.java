package io.arbiter.release;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The release gate (prefix {@code arbiter.release}). */
@ConfigMapping(prefix = "arbiter.release")
public interface ReleaseConfig {
    /**
     * Decisions from the audit log a completed simulation of a revision must have replayed before
     * the revision may be activated without an override.
     */
    @WithDefault("1000")
    long minSimulatedDecisions();
}

package io.arbiter.ruleset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rule-set settings (prefix {@code arbiter.ruleset}). */
@ConfigMapping(prefix = "arbiter.ruleset")
public interface RuleSetConfig {
    /**
     * How often a replica checks the stored active revision and follows an activation made on
     * another replica. Default 5s. (The refresh job reads it as {@code arbiter.ruleset.refresh-interval}.)
     */
    @WithDefault("5s")
    java.time.Duration refreshInterval();

    /**
     * Largest single uploaded file. Tables are small; a bigger file is a mistake or an attack (an
     * XLSX also has POI's zip-bomb check, which bounds how far it may inflate). Default 2 MiB.
     */
    @WithDefault("2097152")
    int maxFileBytes();
}

package io.arbiter.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the AuthZEN batch endpoint {@code POST /access/v1/evaluations} (prefix
 * {@code arbiter.authzen}). A single evaluation is one command, held to {@code arbiter.decide.max-body-bytes}.
 */
@ConfigMapping(prefix = "arbiter.authzen")
public interface AuthZenConfig {
    /** Largest accepted batch request in bytes; a larger one is refused with 413. Default 1 MiB. */
    @WithDefault("1048576")
    int maxBatchBytes();

    /** Most evaluations one batch may ask for; more is a 400. Each is a decision recorded in the audit log. */
    @WithDefault("100")
    int maxEvaluations();
}

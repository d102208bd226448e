package io.arbiter.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of {@code POST /v1/decide} (prefix {@code arbiter.decide}). */
@ConfigMapping(prefix = "arbiter.decide")
public interface DecideConfig {
    /** Largest accepted request body in bytes; a larger one is refused with 413. Default 64 KiB. */
    @WithDefault("65536")
    int maxBodyBytes();
}

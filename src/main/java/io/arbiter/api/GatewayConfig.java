package io.arbiter.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Settings of the headers-only decide adapter {@code /v1/decide/gateway} (prefix {@code arbiter.gateway}). */
@ConfigMapping(prefix = "arbiter.gateway")
public interface GatewayConfig {
    /**
     * The status answered for NO_OWNER and AMBIGUOUS, a 4xx. Default 403: nginx {@code auth_request}
     * understands only 2xx, 401 and 403 (anything else it turns into a 500), so keep 403 behind nginx;
     * Envoy {@code ext_authz} passes any status on to the client.
     */
    @WithDefault("403")
    @Min(400)
    @Max(499)
    int denyStatus();
}

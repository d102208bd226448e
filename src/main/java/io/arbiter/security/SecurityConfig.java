package io.arbiter.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Security settings (prefix {@code arbiter.security}). */
@ConfigMapping(prefix = "arbiter.security")
public interface SecurityConfig {
    /**
     * Whether callers must present a token from the configured identity provider
     * ({@code quarkus.oidc.auth-server-url}). When true and none is configured the service refuses
     * to start. False is open mode: every caller has every role — for the embedded default and
     * development only; logged loudly and reported on health.
     */
    @WithDefault("true")
    boolean enabled();

    /** The token claim that binds a caller to one tenant (absent: a platform caller, sees all tenants). */
    @WithDefault("tenant")
    String tenantClaim();

    /**
     * Break-glass: lets an approver activate a revision they authored. Every such activation is
     * recorded as break-glass and logged as a warning. Off by default (four-eyes).
     */
    @WithDefault("false")
    boolean breakGlass();

    /** Verified bearer tokens reused for later requests with the same token (see {@link VerifiedTokens}). */
    TokenCache tokenCache();

    interface TokenCache {
        /** How many distinct verified tokens are remembered; 0 verifies every request's token afresh. */
        @WithDefault("10000")
        int size();

        /** The longest a verified token is reused without verifying it again, however late it expires. */
        @WithDefault("5m")
        Duration ttl();
    }
}

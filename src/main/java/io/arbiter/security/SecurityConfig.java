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

    /**
     * Where a token's roles are, as a path of claim names separated by '/' (a name holding '/' in
     * double quotes). Only this claim grants roles — Keycloak's realm roles by default. Without it
     * Quarkus would read a {@code groups} claim first, and client roles too, so a token whose realm
     * roles are empty could pass on group names. Applied as {@code quarkus.oidc.roles.role-claim-path}
     * (application.properties), so it holds for reused tokens ({@link VerifiedTokens}) as well.
     */
    @WithDefault("realm_access/roles")
    String roleClaimPath();

    /**
     * The token claim that binds a caller to one tenant. Absent: a platform caller, sees all tenants.
     * Present, it must be a non-blank string; empty, null or another type is refused (401).
     */
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

package io.arbiter.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** How the admin UI signs people in (prefix {@code arbiter.admin-ui}); served to it by {@link UiConfigResource}. */
@ConfigMapping(prefix = "arbiter.admin-ui")
public interface AdminUiConfig {
    /** The identity provider's client the UI signs in as: public, authorization code with PKCE (S256). */
    @WithDefault("arbiter-admin-ui")
    String clientId();

    /**
     * Where browsers reach the realm, when that differs from where the service does
     * ({@code quarkus.oidc.auth-server-url}, the default) — e.g. a Keycloak the service calls by an
     * internal name. The tokens' issuer must still be the realm the service checks them against.
     */
    Optional<String> authServerUrl();
}

package io.arbiter.api;

import java.util.Optional;

/**
 * What the admin UI needs before anyone signs in, as {@code GET /v1/ui-config} answers it.
 *
 * @param openMode true when security is off ({@code arbiter.security.enabled=false}): no sign-in at all
 * @param issuer   the realm the UI signs in with (its OpenID Connect discovery document is at
 *                 {@code issuer + "/.well-known/openid-configuration"}); null in open mode, and when the
 *                 service checks tokens against a configured key and knows no identity provider
 * @param clientId the identity provider's client the UI signs in as
 */
public record UiConfigV1(boolean openMode, String issuer, String clientId) {
    /**
     * @param uiAuthServerUrl   {@code arbiter.admin-ui.auth-server-url}: where browsers reach the realm, if set
     * @param oidcAuthServerUrl {@code quarkus.oidc.auth-server-url}: where the service reaches it
     */
    static UiConfigV1 of(boolean securityEnabled, Optional<String> uiAuthServerUrl, Optional<String> oidcAuthServerUrl, String clientId) {
        if (!securityEnabled) {
            return new UiConfigV1(true, null, clientId);
        }
        // The UI appends paths to it (/.well-known/openid-configuration); a realm's URL is written with and without the slash.
        String issuer = uiAuthServerUrl.or(() -> oidcAuthServerUrl).map(url -> url.replaceAll("/+$", "")).orElse(null);
        return new UiConfigV1(false, issuer, clientId);
    }
}

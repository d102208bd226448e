package io.arbiter.api;

import io.arbiter.security.Caller;
import io.arbiter.security.Roles;
import io.arbiter.security.SecurityConfig;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the token's identity, or — in open mode, where there is none — the caller's address. */
@ApplicationScoped
public class Callers {
    @Inject
    SecurityIdentity identity;

    @Inject
    SecurityConfig config;

    Caller current(HttpServerRequest request) {
        if (!config.enabled()) {
            return new Caller(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), null, null, null,
                    Roles.ALL, true);
        }
        String name = identity.getPrincipal().getName();
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject() : name;
        return new Caller(name, subject, claim("azp"), claim(config.tenantClaim()), identity.getRoles(), false);
    }

    /**
     * A string claim of the token (tokens come only from quarkus-oidc), or the identity attribute of
     * that name (as set by {@code @TestSecurity}). Claims are read as parsed: {@code JsonWebToken.getClaim}
     * wraps each value in a new JSON-P object through a provider lookup, which cost more than the
     * rest of this per decision.
     */
    private String claim(String name) {
        Object value = identity.getPrincipal() instanceof OidcJwtCallerPrincipal oidc ? oidc.getClaims().getClaimValue(name)
                : identity.getAttribute(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof JsonString s ? s.getString() : value.toString();
        return text.isBlank() ? null : text;
    }
}

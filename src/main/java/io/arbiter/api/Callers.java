package io.arbiter.api;

import io.arbiter.text.TextRules;

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
    /** The request-scoped identity, through its client proxy: the caller of the request at hand. */
    private final SecurityIdentity identity;
    private final SecurityConfig config;

    @Inject
    public Callers(SecurityIdentity identity, SecurityConfig config) {
        this.identity = identity;
        this.config = config;
    }

    Caller current(HttpServerRequest request) {
        if (!config.enabled()) {
            return new Caller(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), null, null, null,
                    Roles.ALL, true);
        }
        return of(identity, config.tenantClaim());
    }

    /**
     * The caller a verified identity stands for; {@link UnusableTokenException} when its claims
     * cannot say who that is. The tenant claim binds the caller when it is a non-blank string,
     * leaves it a platform caller when absent, and is refused otherwise — an empty or non-string
     * claim is an identity provider's mistake, not a grant to see every tenant. Every value kept
     * from the token (name, {@code sub}, {@code azp}, tenant) must be storable text.
     */
    static Caller of(SecurityIdentity identity, String tenantClaim) {
        String name = identity.getPrincipal().getName();
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject() : name;
        String clientId = text(identity, "azp");
        String tenant = tenant(identity, tenantClaim);
        storable("preferred_username", name);
        storable("sub", subject);
        storable("azp", clientId);
        storable(tenantClaim, tenant);
        return new Caller(name, subject, clientId, tenant, identity.getRoles(), false);
    }

    private static String tenant(SecurityIdentity identity, String claim) {
        if (!present(identity, claim)) {
            return null;
        }
        Object value = raw(identity, claim);
        if (!(value instanceof String text)) {
            throw new UnusableTokenException("The token's '" + claim + "' claim is " + (value == null ? "null" : "not a string")
                    + "; a token names one tenant as a string, or carries no '" + claim + "' claim at all");
        }
        if (text.isBlank()) {
            throw new UnusableTokenException("The token's '" + claim + "' claim is empty; a token names one tenant, or carries no '"
                    + claim + "' claim at all");
        }
        return text;
    }

    private static void storable(String claim, String value) {
        String problem = value == null ? null : TextRules.problem(value);
        if (problem != null) {
            throw new UnusableTokenException("The token's '" + claim + "' claim " + problem);
        }
    }

    /** A claim as text, or null when absent or not a string (only the tenant claim's shape is judged). */
    private static String text(SecurityIdentity identity, String name) {
        return raw(identity, name) instanceof String s ? s : null;
    }

    /**
     * Whether the token has the claim at all, JSON null included ({@code hasClaim} says no to null).
     * The claims map is copied for that, so only when the value alone cannot say.
     */
    private static boolean present(SecurityIdentity identity, String name) {
        if (identity.getPrincipal() instanceof OidcJwtCallerPrincipal oidc) {
            return oidc.getClaims().hasClaim(name) || oidc.getClaims().getClaimsMap().containsKey(name);
        }
        return identity.getAttribute(name) != null;
    }

    /**
     * A claim of the token (tokens come only from quarkus-oidc), or the identity attribute of that
     * name (as set by {@code @TestSecurity}). Claims are read as parsed: {@code JsonWebToken.getClaim}
     * wraps each value in a new JSON-P object through a provider lookup, which cost more than the
     * rest of this per decision.
     */
    private static Object raw(SecurityIdentity identity, String name) {
        Object value = identity.getPrincipal() instanceof OidcJwtCallerPrincipal oidc ? oidc.getClaims().getClaimValue(name)
                : identity.getAttribute(name);
        return value instanceof JsonString s ? s.getString() : value;
    }
}

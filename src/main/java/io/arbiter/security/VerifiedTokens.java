package io.arbiter.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a bearer token once, not on every request: a gateway sends the same token with
 * thousands of decisions, and checking its RS256 signature and parsing its claims each time was a
 * third of decide's CPU. The identity Quarkus OIDC built for a token is reused for that exact
 * token string until the token expires (or {@code arbiter.security.token-cache.ttl} passes,
 * whichever is sooner); only tokens that verified are remembered, so a flood of bad tokens costs a
 * verification each and no memory. Expired tokens are refused exactly as before: the entry ends at
 * the token's {@code exp}. What it does not change: tokens are not introspected, so a revoked token
 * works until it expires, cached or not.
 *
 * <p>Registered ahead of Quarkus's own OIDC provider (higher priority), which it calls on a miss;
 * a failure of that verification is the caller's 401 as before, and is never remembered.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {
    /** Attributes that belong to the request an identity was built for, not to the token. */
    private static final String ROUTING_CONTEXT = HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE;
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    private final OidcIdentityProvider oidc;
    private final SecurityConfig config;

    private final ConcurrentHashMap<String, Entry> verified = new ConcurrentHashMap<>();
    private final Counter verifications;
    private final Counter reuses;

    private record Entry(SecurityIdentity identity, long validUntilMillis) {
    }

    @Inject
    public VerifiedTokens(OidcIdentityProvider oidc, SecurityConfig config, MeterRegistry metrics) {
        this.oidc = oidc;
        this.config = config;
        this.verifications = metrics.counter("arbiter.security.tokens.verified");
        this.reuses = metrics.counter("arbiter.security.tokens.reused");
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of Quarkus's OIDC provider (the default priority, one above {@code SYSTEM_FIRST}), which verifies on a miss. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 2;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        int capacity = config.tokenCache().size();
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        String key = key(request, routing);
        if (capacity > 0) {
            Entry entry = verified.get(key);
            if (entry != null) {
                if (System.currentTimeMillis() < entry.validUntilMillis()) {
                    reuses.increment();
                    return Uni.createFrom().item(rebind(entry.identity(), routing));
                }
                verified.remove(key, entry);
            }
        }
        verifications.increment();
        return oidc.authenticate(request, context).invoke(identity -> remember(key, identity, capacity));
    }

    private void remember(String key, SecurityIdentity identity, int capacity) {
        if (capacity <= 0 || identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        long until = Math.min(jwt.getExpirationTime() * 1000, now + config.tokenCache().ttl().toMillis());
        if (verified.size() >= capacity) {
            verified.values().removeIf(e -> e.validUntilMillis() <= now);
            if (verified.size() >= capacity) {
                verified.clear(); // more live callers than the cache holds: start over rather than grow
            }
        }
        verified.put(key, new Entry(identity, until));
    }

    /** The token, qualified by the OIDC tenant that verified it (one tenant today; never mixed up if more come). */
    private static String key(TokenAuthenticationRequest request, RoutingContext routing) {
        Object tenant = routing == null ? null : routing.get(OidcUtils.TENANT_ID_ATTRIBUTE);
        return tenant + " " + request.getToken().getToken();
    }

    /**
     * The remembered identity with this request's routing context (and the authentication request
     * context it carries) in place of the first request's: those attributes belong to a request,
     * everything else — principal, roles, credentials, tenant — to the token.
     */
    private static SecurityIdentity rebind(SecurityIdentity identity, RoutingContext routing) {
        if (routing == null) {
            return identity;
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity).addAttribute(ROUTING_CONTEXT, routing);
        Object requestContext = routing.get(REQUEST_CONTEXT);
        if (requestContext != null) {
            builder.addAttribute(REQUEST_CONTEXT, requestContext);
        }
        return builder.build();
    }
}

package io.arbiter.api;

import io.arbiter.security.SecurityConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses a token whose identity claims cannot say who the caller is ({@link Callers#of}) on every
 * endpoint, including those that never ask who calls: an empty tenant claim is 401 everywhere, not
 * only where the tenant decides something. Runs for every authenticated request, reused tokens
 * ({@code VerifiedTokens}) included.
 */
@ApplicationScoped
public class TokenClaimsCheck implements SecurityIdentityAugmentor {
    private final SecurityConfig config;

    @Inject
    public TokenClaimsCheck(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!config.enabled() || identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        try {
            Callers.of(identity, config.tenantClaim());
            return Uni.createFrom().item(identity);
        } catch (UnusableTokenException e) {
            return Uni.createFrom().failure(e);
        }
    }
}

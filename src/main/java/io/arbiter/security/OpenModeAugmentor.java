package io.arbiter.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Open mode ({@code arbiter.security.enabled=false}): every caller gets every role, so the same
 * role checks run in both modes — there is one code path, not a second unprotected one.
 */
@ApplicationScoped
public class OpenModeAugmentor implements SecurityIdentityAugmentor {
    static final String OPEN_PRINCIPAL = "open-mode";

    private final SecurityConfig config;

    @Inject
    public OpenModeAugmentor(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (config.enabled()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .setPrincipal(new QuarkusPrincipal(OPEN_PRINCIPAL)).setAnonymous(false).addRoles(Roles.ALL).build());
    }
}

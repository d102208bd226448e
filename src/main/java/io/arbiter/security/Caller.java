package io.arbiter.security;

import java.util.Set;

/**
 * Who is asking, as recorded on decisions ({@code requested_by}, {@code client_id}), revisions
 * (author), activations and simulations.
 *
 * @param name     the token's principal (Keycloak's {@code preferred_username}); the caller's
 *                 address in open mode
 * @param subject  the token's {@code sub}: the identity provider's stable id for the caller, or null in open mode
 * @param clientId the OAuth client the token was issued to ({@code azp}), or null
 * @param tenant   the one tenant the caller is bound to, or null for a platform caller
 * @param open     true in open mode: no identities, so four-eyes cannot be judged
 */
public record Caller(String name, String subject, String clientId, String tenant, Set<String> roles, boolean open) {

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean tenantBound() {
        return tenant != null;
    }

    /** A caller outside any request (start-up, tests of services): every role, no tenant. */
    public static Caller system(String name) {
        return new Caller(name, null, null, null, Roles.ALL, true);
    }
}

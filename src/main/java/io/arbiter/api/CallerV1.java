package io.arbiter.api;

import io.arbiter.security.Caller;
import io.arbiter.security.Roles;

import java.util.List;

/**
 * The signed-in caller as {@code GET /v1/me} answers it: what the admin UI needs to show who is
 * signed in and to offer only what their roles allow.
 *
 * @param name     the token's principal; the caller's address in open mode
 * @param roles    the caller's Arbiter roles, in the order Arbiter lists them (decider, analyst,
 *                 engineer, approver, auditor, signal-writer); other roles a token carries are left out
 * @param tenant   the one tenant the caller is bound to, or null for a platform caller
 * @param openMode true when security is off ({@code arbiter.security.enabled=false}): every caller
 *                 has every role
 */
public record CallerV1(String name, List<String> roles, String tenant, boolean openMode) {
    /** Arbiter's roles in a fixed order, so the UI lists them the same way for everyone. */
    static final List<String> ROLE_ORDER = List.of(Roles.DECIDER, Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR,
            Roles.SIGNAL_WRITER);

    static CallerV1 of(Caller caller) {
        return new CallerV1(caller.name(), ROLE_ORDER.stream().filter(caller::has).toList(), caller.tenant(), caller.open());
    }
}

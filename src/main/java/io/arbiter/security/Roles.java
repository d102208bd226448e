package io.arbiter.security;

import java.util.Set;

/** The six roles, as realm roles in Keycloak (deploy/keycloak/arbiter-realm.json). */
public final class Roles {
    /** Gateways' and services' service accounts: decide, and nothing else. */
    public static final String DECIDER = "decider";
    /** Reads rule sets, uploads decision tables, runs simulations. */
    public static final String ANALYST = "analyst";
    /** An analyst who may also upload DRL, which is code. */
    public static final String ENGINEER = "engineer";
    /** Activates and rolls back revisions; never one they authored (four-eyes). */
    public static final String APPROVER = "approver";
    /** Reads and exports the audit log, runs verify. */
    public static final String AUDITOR = "auditor";
    /** Systems that push signals' values (PUT /v1/signals/{name}), and nothing else. */
    public static final String SIGNAL_WRITER = "signal-writer";

    public static final Set<String> ALL = Set.of(DECIDER, ANALYST, ENGINEER, APPROVER, AUDITOR, SIGNAL_WRITER);

    private Roles() {
    }
}

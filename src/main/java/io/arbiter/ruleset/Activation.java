package io.arbiter.ruleset;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored activation: which revision started deciding, replacing which, when, who asked, and
 * what allowed it — the simulation that passed the release gate, or the reason it was overridden.
 */
public record Activation(long id, int revision, Integer previousRevision, Instant activatedAt, Kind kind,
                         String activatedBy, UUID simulationId, String overrideReason, boolean breakGlass) {

    /** BOOTSTRAP: the bundled set on an empty store. ROLLBACK: a revision that decided before comes back. */
    public enum Kind { BOOTSTRAP, ACTIVATION, ROLLBACK }

    /**
     * What the caller and the release gate settled before the swap. {@code breakGlass}: an approver
     * activated their own revision under {@code arbiter.security.break-glass}.
     */
    public record Grant(Kind kind, String activatedBy, UUID simulationId, String overrideReason, boolean breakGlass) {
    }
}

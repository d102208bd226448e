package io.arbiter.decision;

/** What the caller may expect back. */
public enum Acceptance {
    IMMEDIATE_OUTCOME, ACCEPTED, EVENTUAL;

    /** The acceptance a mode implies when no row says otherwise. */
    static Acceptance defaultFor(Mode mode) {
        return switch (mode) {
            case DIRECT -> IMMEDIATE_OUTCOME;
            case ORCHESTRATED -> ACCEPTED;
            case ASYNC -> EVENTUAL;
        };
    }
}

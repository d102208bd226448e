package io.arbiter.decision;

/** What happens when the owner cannot complete the command. */
public enum FailureContract {
    REJECT, RETRY, COMPENSATE, RECONCILE
}

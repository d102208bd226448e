package io.arbiter.decision;

/** Whether the rule set named exactly one owner. NO_OWNER and AMBIGUOUS are boundary problems, not errors. */
public enum Outcome {
    ROUTED, NO_OWNER, AMBIGUOUS
}

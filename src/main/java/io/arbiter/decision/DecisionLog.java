package io.arbiter.decision;

/**
 * Where decisions are recorded. {@link #record} returns only once the decision is durable; if it
 * throws, the decision must not be returned to the caller.
 */
public interface DecisionLog {
    void record(Decision decision);
}

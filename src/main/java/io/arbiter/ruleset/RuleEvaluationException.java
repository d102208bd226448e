package io.arbiter.ruleset;

import io.arbiter.decision.Command;

/** A rule's consequence failed while evaluating a command (a defect in engineer-owned DRL). */
public class RuleEvaluationException extends RuntimeException {
    public RuleEvaluationException(int revision, Command command, Throwable cause) {
        super("Revision " + revision + " failed to evaluate " + command + ": " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}

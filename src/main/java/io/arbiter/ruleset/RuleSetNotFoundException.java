package io.arbiter.ruleset;

/** No such revision, or no such file in it. */
public class RuleSetNotFoundException extends RuntimeException {
    public RuleSetNotFoundException(String message) {
        super(message);
    }
}

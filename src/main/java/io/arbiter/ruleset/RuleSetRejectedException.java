package io.arbiter.ruleset;

import java.util.List;

/** A rule set that does not compile or validate; nothing of it was stored. */
public class RuleSetRejectedException extends RuntimeException {
    private final List<RuleSetError> errors;

    public RuleSetRejectedException(List<RuleSetError> errors) {
        super(errors.size() + " problem(s) in the rule set; first: " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<RuleSetError> errors() {
        return errors;
    }
}

package io.arbiter.routing;

import io.arbiter.ruleset.RuleSetError;

import java.util.List;

/**
 * A dry run the revision itself cannot answer: it does not compile (stored before the compiler
 * refused what it holds), or one of its rules failed on the command (a defect in DRL). The
 * revision's fault, not the service's — on the decide path the second is a failure of the service,
 * here it is what the analyst asked to find out.
 */
public class RevisionNotEvaluableException extends RuntimeException {
    /** Why the revision gave no answer. */
    public enum Why { DOES_NOT_COMPILE, RULE_FAILED }

    private final Why why;
    private final List<RuleSetError> errors;

    private RevisionNotEvaluableException(Why why, String message, List<RuleSetError> errors, Throwable cause) {
        super(message, cause);
        this.why = why;
        this.errors = List.copyOf(errors);
    }

    static RevisionNotEvaluableException doesNotCompile(int revision, List<RuleSetError> errors) {
        return new RevisionNotEvaluableException(Why.DOES_NOT_COMPILE, "Revision " + revision + " is stored but does not compile"
                + " with this version of Arbiter (" + errors.size() + " problem(s), located in errors); upload a corrected"
                + " revision", errors, null);
    }

    static RevisionNotEvaluableException ruleFailed(RuntimeException e) {
        return new RevisionNotEvaluableException(Why.RULE_FAILED, e.getMessage(), List.of(), e);
    }

    public Why why() {
        return why;
    }

    /** Where the revision does not compile, as an upload's rejection locates it; empty for a rule that failed. */
    public List<RuleSetError> errors() {
        return errors;
    }
}

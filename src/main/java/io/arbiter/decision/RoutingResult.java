package io.arbiter.decision;

import java.util.List;

/** The answer of a rule set for one command. Routing fields are null unless the outcome is ROUTED. */
public record RoutingResult(
        Outcome outcome,
        String owner,
        String implementation,
        Mode mode,
        Acceptance acceptance,
        String translation,
        FailureContract failureContract,
        String destination,
        List<String> matchedRules,
        List<String> reasons) {
}

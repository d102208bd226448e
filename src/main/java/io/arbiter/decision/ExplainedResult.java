package io.arbiter.decision;

import java.util.List;

/**
 * A routing result with the rows that decided it: {@code matchedRows} are the rows
 * {@code result.matchedRules()} names, in the same order, each located in its rule-set file. What a
 * dry run shows an analyst; a decision records the result alone, so its answer and audit record
 * stay what they were.
 */
public record ExplainedResult(RoutingResult result, List<RuleRow> matchedRows) {
    public ExplainedResult {
        matchedRows = List.copyOf(matchedRows);
    }
}

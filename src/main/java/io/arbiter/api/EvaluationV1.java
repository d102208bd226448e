package io.arbiter.api;

import io.arbiter.decision.Acceptance;
import io.arbiter.decision.FailureContract;
import io.arbiter.decision.Mode;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.RuleRow;
import io.arbiter.routing.DryRun;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /v1/rulesets/{revision}/evaluate}, version 1: what the revision decides
 * for the command, as {@code /v1/decide} would answer it (routing fields null unless {@code outcome}
 * is ROUTED), without a decision id — a dry run is not a decision — and with {@code matchedRows}:
 * where each row named in {@code matchedRules} is, in the same order, so an editor can show it.
 *
 * @param evaluatedAt the instant effective and expiry dates were judged at ({@code at}, or when evaluated)
 */
public record EvaluationV1(
        int revision,
        Instant evaluatedAt,
        int bucket,
        Outcome outcome,
        String owner,
        String implementation,
        Mode mode,
        Acceptance acceptance,
        String translation,
        FailureContract failureContract,
        String destination,
        List<String> matchedRules,
        List<String> reasons,
        List<MatchedRowV1> matchedRows) {

    /**
     * A row that decided, where the analyst sees it.
     *
     * @param file  the rule-set file
     * @param sheet the worksheet of an XLSX/XLS file; null for CSV and DRL
     * @param table the RuleTable's name (a DRL file's name without {@code .drl})
     * @param row   the 1-based spreadsheet row; for DRL, the rule's position in its file
     * @param rule  the rule's name, as {@code matchedRules} has it
     */
    public record MatchedRowV1(String file, String sheet, String table, int row, String rule) {
        static MatchedRowV1 of(RuleRow r) {
            return new MatchedRowV1(r.file(), r.sheet(), r.table(), r.row(), r.name());
        }
    }

    static EvaluationV1 of(DryRun.Evaluation e) {
        RoutingResult r = e.explained().result();
        return new EvaluationV1(e.revision(), e.evaluatedAt(), e.bucket(), r.outcome(), r.owner(), r.implementation(), r.mode(),
                r.acceptance(), r.translation(), r.failureContract(), r.destination(), r.matchedRules(), r.reasons(),
                e.explained().matchedRows().stream().map(MatchedRowV1::of).toList());
    }
}

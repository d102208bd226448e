package io.arbiter.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.arbiter.decision.Acceptance;
import io.arbiter.decision.Decision;
import io.arbiter.decision.FailureContract;
import io.arbiter.decision.Mode;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /v1/decide}, version 1, and the {@code result} of its audit record
 * ({@link DecisionRecordV1}) byte for byte. Routing fields are null unless {@code outcome} is
 * ROUTED; {@code replayed} is present (true) only on the answer to a retried command id.
 *
 * <p>Read back from records — the log's own and history files from elsewhere — fields it does not
 * know are ignored and the ids stay the text recorded (a history file may carry ids of any shape).
 *
 * @param decisionId the decision's UUIDv7 as text
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionV1(
        String decisionId,
        String commandId,
        Outcome outcome,
        String owner,
        String implementation,
        Mode mode,
        Acceptance acceptance,
        String translation,
        FailureContract failureContract,
        String destination,
        Integer revision,
        Integer bucket,
        List<String> matchedRules,
        List<String> reasons,
        Instant decidedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean replayed) {

    /** The answer to a decision made now ({@code replayed} false) or to a retry of it (true). */
    public static DecisionV1 of(Decision d, boolean replayed) {
        RoutingResult r = d.result();
        return new DecisionV1(d.decisionId().toString(), d.envelope().commandId(), r.outcome(), r.owner(), r.implementation(),
                r.mode(), r.acceptance(), r.translation(), r.failureContract(), r.destination(), d.revision(), d.bucket(),
                r.matchedRules(), r.reasons(), d.decidedAt(), replayed ? Boolean.TRUE : null);
    }

    /** The same answer, marked as the answer to a retry. */
    public DecisionV1 asReplay() {
        return new DecisionV1(decisionId, commandId, outcome, owner, implementation, mode, acceptance, translation,
                failureContract, destination, revision, bucket, matchedRules, reasons, decidedAt, Boolean.TRUE);
    }

    /** The routing result as recorded; absent lists read as empty. */
    public RoutingResult routingResult() {
        return new RoutingResult(outcome, owner, implementation, mode, acceptance, translation, failureContract, destination,
                matchedRules == null ? List.of() : matchedRules, reasons == null ? List.of() : reasons);
    }
}

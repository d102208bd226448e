package io.arbiter.api;

import io.arbiter.decision.Decision;
import io.arbiter.decision.RoutingResult;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The answer of {@code POST /v1/decide}. Routing fields are null unless {@code outcome} is ROUTED. */
public record DecisionV1(
        UUID decisionId,
        String commandId,
        String outcome,
        String owner,
        String implementation,
        String mode,
        String acceptance,
        String translation,
        String failureContract,
        String destination,
        int revision,
        int bucket,
        List<String> matchedRules,
        List<String> reasons,
        Instant decidedAt) {

    static DecisionV1 of(Decision d) {
        RoutingResult r = d.result();
        return new DecisionV1(d.decisionId(), d.envelope().commandId(), r.outcome().name(), r.owner(), r.implementation(),
                name(r.mode()), name(r.acceptance()), r.translation(), name(r.failureContract()), r.destination(),
                d.revision(), d.bucket(), r.matchedRules(), r.reasons(), d.decidedAt());
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }
}

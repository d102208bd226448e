package io.arbiter.audit;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.arbiter.decision.RoutingResult;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One audited decision: the full envelope as received and the full result as returned. */
public record AuditRecord(
        UUID decisionId,
        String commandId,
        Instant decidedAt,
        int revision,
        String outcome,
        String owner,
        List<String> matchedRules,
        long latencyMicros,
        JsonNode envelope,
        JsonNode result) {

    /** The stored result: the routing answer plus the bucket it was computed with. */
    record Result(int bucket, @JsonUnwrapped RoutingResult routing) {
    }
}

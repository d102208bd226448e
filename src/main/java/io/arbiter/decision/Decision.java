package io.arbiter.decision;

import java.time.Instant;
import java.util.UUID;

/**
 * A decision as returned and audited. Identity, time and revision are stamped before evaluation,
 * so the audit record and the response always agree on them.
 *
 * @param evalNanos time from stamping to the evaluated result
 */
public record Decision(
        UUID decisionId,
        CommandEnvelope envelope,
        int bucket,
        int revision,
        Instant decidedAt,
        RoutingResult result,
        long evalNanos) {
}

package io.arbiter.decision;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A decision as returned and audited. Identity, time and revision are stamped before evaluation,
 * so the audit record and the response always agree on them.
 *
 * @param signals   the signals the revision tests, as read when the decision was stamped (empty when it tests none)
 * @param evalNanos time from stamping to the evaluated result
 */
public record Decision(
        UUID decisionId,
        CommandEnvelope envelope,
        int bucket,
        int revision,
        Map<String, SignalReading> signals,
        Instant decidedAt,
        RoutingResult result,
        long evalNanos) {
}

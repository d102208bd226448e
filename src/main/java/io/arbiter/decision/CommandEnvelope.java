package io.arbiter.decision;

import java.time.Instant;
import java.util.Map;

/** A command as a caller describes it: identity, routing dimensions and free-form attributes. */
public record CommandEnvelope(
        String commandId,
        String type,
        String businessKey,
        String tenant,
        String market,
        String channel,
        String product,
        String customerTier,
        String cohort,
        Map<String, String> attributes,
        String correlationId,
        String causationId,
        Instant issuedAt) {

    public CommandEnvelope {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The key percentage rollouts hash: the business key, or the command id when there is none. */
    public String bucketKey() {
        return businessKey != null ? businessKey : commandId;
    }
}

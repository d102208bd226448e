package io.arbiter.api;

import io.arbiter.decision.CommandFields;
import io.arbiter.decision.FactModel;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * The body of {@code POST /v1/decide}: the {@link FactModel} fields a caller sends (which of them
 * are required, how long each may be and what each means all come from there: the reader and
 * {@link FactModelOpenApi} read them off the model), then the trace fields, which are recorded with
 * the decision but are not facts a rule may test.
 */
@Schema(name = "DecideRequestV1", description = "A command to route. Every field but correlationId, causationId and"
        + " issuedAt is part of the fact model that decision tables test (decision-tables/README.md).")
public record DecideRequestV1(
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
        @Schema(description = "ties the command to the conversation it belongs to; recorded, and a filter of"
                + " GET /v1/decisions and of simulations, but not tested by rules", maxLength = EnvelopeLimits.IDENTIFIER)
        String correlationId,
        @Schema(description = "the message that caused this command; recorded, not tested by rules",
                maxLength = EnvelopeLimits.IDENTIFIER)
        String causationId,
        @Schema(description = "when the caller issued the command, ISO-8601 such as 2026-11-22T10:15:30Z (years"
                + " 0001-9999); recorded, not tested by rules", format = "date-time")
        String issuedAt) implements CommandFields {
}

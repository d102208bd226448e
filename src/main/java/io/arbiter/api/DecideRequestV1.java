package io.arbiter.api;

import java.util.Map;

/** The body of {@code POST /v1/decide}. Only {@code commandId} and {@code type} are required. */
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
        String correlationId,
        String causationId,
        String issuedAt) {
}

package io.arbiter.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code PUT /v1/signals/{name}}.
 *
 * @param value      a number, true/false, or one of a LEVEL signal's levels — as the signal is declared
 * @param observedAt when the source observed the value (RFC 3339); freshness counts from it
 */
public record SignalPushV1(JsonNode value, String observedAt) {
}

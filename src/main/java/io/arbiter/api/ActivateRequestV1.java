package io.arbiter.api;

/**
 * The optional body of {@code POST /v1/rulesets/{revision}/activate}.
 *
 * @param simulationId   release on this simulation (default: the newest one that passes the gate)
 * @param overrideReason activate without a passing simulation; recorded with who and when
 */
public record ActivateRequestV1(String simulationId, String overrideReason) {
}

package io.arbiter.decision;

/**
 * Who asked and under which trace, recorded with the decision.
 *
 * @param requestedBy the caller (its address until callers are authenticated)
 * @param traceId     W3C trace id from {@code traceparent}, or null
 * @param spanId      W3C parent span id from {@code traceparent}, or null
 */
public record RequestInfo(String requestedBy, String traceId, String spanId) {
}

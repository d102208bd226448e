package io.arbiter.routing;

import io.arbiter.tracing.TraceParent;

/**
 * Who asked and under which trace, recorded with the decision.
 *
 * @param requestedBy  the caller's principal (its address in open mode)
 * @param subject      the caller's stable id at the identity provider ({@code sub}), or null in open mode
 * @param clientId     the OAuth client of the caller's token, or null
 * @param callerTenant the tenant the caller is bound to (it may decide only that tenant's commands), or null
 * @param traceId      W3C trace id from {@code traceparent}, or null
 * @param spanId       W3C parent span id from {@code traceparent}, or null
 * @param trace        the trace the decision's spans join ({@link TraceParent#NONE} when tracing is off); the
 *                     record keeps {@code traceId} and {@code spanId}, the caller's, whatever it says
 */
public record RequestInfo(String requestedBy, String subject, String clientId, String callerTenant, String traceId,
                          String spanId, TraceParent trace) {
}

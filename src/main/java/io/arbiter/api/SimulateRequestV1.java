package io.arbiter.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/simulations}.
 *
 * @param candidateRevision the stored revision to try (required)
 * @param baseline          {@code "recorded"} (default: what each audit record says was decided) or
 *                          {@code {"revision": N}} (evaluate revision N side by side)
 * @param examples          example decision ids kept per report cell (default 5, at most 100)
 * @param source            what to replay (default: the audit log of the last 7 days)
 * @param signals           a "what if": signal name → value every decision is replayed with instead of the
 *                          recorded one ({@code {"fulfillment-planner.lag": 10000}}); the report says so
 */
public record SimulateRequestV1(Integer candidateRevision, JsonNode baseline, Integer examples, Source source, JsonNode signals) {

    public record Source(AuditLogWindow auditLog) {
    }

    /**
     * A window of the audit log with the filters of {@code GET /v1/decisions}; {@code last} keeps
     * only the newest N matching decisions.
     */
    public record AuditLogWindow(String from, String to, String commandId, String correlationId, String businessKey,
                           String owner, String type, Integer revision, String outcome, String tenant, Integer last) {
    }
}

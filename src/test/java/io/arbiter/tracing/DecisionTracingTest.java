package io.arbiter.tracing;

import io.arbiter.api.Tokens;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traces as an operator gets them once an OTLP endpoint is configured — the one property this
 * profile sets, as an operator would — collected by the real SDK's in-memory exporter
 * ({@link SpanCollector}), which Quarkus then uses instead of OTLP. Every request continues a trace
 * of its own, a caller's {@code traceparent}.
 */
@QuarkusTest
@TestProfile(DecisionTracingTest.EndpointConfigured.class)
class DecisionTracingTest {
    public static class EndpointConfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:4317", SpanCollector.SWITCH, "true");
        }
    }

    @Inject
    InMemorySpanExporter collector;
    @Inject
    OpenTelemetry openTelemetry;
    @Inject
    Tracing tracing;

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    /** A caller's trace: a new trace id and the caller's own span id. */
    record Caller(String traceId, String spanId) {
        static Caller next() {
            HexFormat hex = HexFormat.of();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return new Caller(hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()), hex.toHexDigits(random.nextLong()));
        }

        RequestSpecification request() {
            return given().contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-" + spanId + "-01");
        }
    }

    static String refund(String commandId) {
        return "{\"commandId\":\"" + commandId + "\",\"type\":\"IssueRefund\",\"businessKey\":\"refund-9\",\"attributes\":{\"amount\":\"9000\"}}";
    }

    @Test
    void anEndpointConfiguredTurnsTracingOn() {
        assertTrue(tracing.enabled());
    }

    @Test
    void aDecisionIsTracedAsDecideWithItsEvaluationAndAuditAppendInTheCallersTrace() {
        Caller caller = Caller.next();
        Response r = caller.request().body(refund("traced-" + UUID.randomUUID())).post("/v1/decide");
        r.then().statusCode(200);
        String id = r.path("decisionId");
        int revision = r.path("revision");

        List<SpanData> spans = spans(caller.traceId(), hasAll("arbiter.decide", "arbiter.evaluate", "arbiter.audit.append"));
        SpanData decide = named(spans, "arbiter.decide");
        SpanData evaluate = named(spans, "arbiter.evaluate");
        SpanData append = named(spans, "arbiter.audit.append");
        for (SpanData span : List.of(decide, evaluate, append)) {
            assertEquals(id, span.getAttributes().get(DecideTrace.DECISION_ID), span.getName());
            assertEquals(revision, span.getAttributes().get(DecideTrace.REVISION), span.getName());
        }
        assertEquals(decide.getSpanId(), evaluate.getParentSpanId());
        assertEquals(decide.getSpanId(), append.getParentSpanId());
        assertEquals("IssueRefund", decide.getAttributes().get(DecideTrace.COMMAND_TYPE));
        assertEquals("ROUTED", decide.getAttributes().get(DecideTrace.OUTCOME));
        assertEquals("ROUTED", evaluate.getAttributes().get(DecideTrace.OUTCOME));
        assertNull(decide.getAttributes().get(DecideTrace.REPLAYED));
        // Evaluated, then appended; decide ends once the answer is durable, not when it was computed.
        assertTrue(append.getStartEpochNanos() >= evaluate.getEndEpochNanos());
        assertTrue(decide.getEndEpochNanos() >= append.getEndEpochNanos());
        assertContinues(caller, decide);

        // The audit record keeps the caller's ids, as without tracing.
        given().get("/v1/decisions/" + id).then().statusCode(200)
                .body("trace_id", equalTo(caller.traceId())).body("span_id", equalTo(caller.spanId()));
    }

    @Test
    void aRetryAnsweredWithTheOriginalDecisionNamesItOnItsDecideSpan() {
        String commandId = "traced-retry-" + UUID.randomUUID();
        String original = Caller.next().request().body(refund(commandId)).post("/v1/decide").then().statusCode(200)
                .extract().path("decisionId");
        Caller retry = Caller.next();
        retry.request().body(refund(commandId)).post("/v1/decide").then().statusCode(200)
                .body("decisionId", equalTo(original)).body("replayed", equalTo(true));

        SpanData decide = named(spans(retry.traceId(), hasAll("arbiter.decide")), "arbiter.decide");
        assertEquals(original, decide.getAttributes().get(DecideTrace.DECISION_ID));
        assertEquals(Boolean.TRUE, decide.getAttributes().get(DecideTrace.REPLAYED));
        assertEquals(StatusCode.UNSET, decide.getStatus().getStatusCode());
    }

    @Test
    void eachEvaluationOfAnAuthZenBatchIsADecisionTracedInTheCallersTrace() {
        Caller caller = Caller.next();
        Response r = caller.request().body("""
                {"subject":{"type":"bounded_context","id":"inventory"},"action":{"name":"handle"},
                 "evaluations":[
                  {"resource":{"type":"command","id":"%s","properties":{"type":"ReserveInventory","market":"US"}}},
                  {"resource":{"type":"command","id":"%s","properties":{"type":"PlaceOrder","market":"US"}}},
                  {"resource":{"type":"command","id":"%s","properties":{"type":"UpdateOrderStatus"}}}]}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID())).post("/access/v1/evaluations");
        r.then().statusCode(200);
        List<String> ids = r.jsonPath().getList("evaluations.context.decisionId");
        assertEquals(3, ids.size());

        // The items after the first are decided when the one before is durable, on the audit writer's thread.
        List<SpanData> spans = spans(caller.traceId(), s -> s.stream().filter(x -> x.getName().startsWith("arbiter.")).count() >= 9);
        List<SpanData> decides = spans.stream().filter(s -> s.getName().equals("arbiter.decide")).toList();
        assertEquals(ids, decides.stream().sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .map(s -> s.getAttributes().get(DecideTrace.DECISION_ID)).toList());
        for (SpanData decide : decides) {
            assertContinues(caller, decide);
            assertEquals(2, spans.stream().filter(s -> s.getParentSpanId().equals(decide.getSpanId())).count(), "evaluate and append");
        }
        assertEquals(List.of("ROUTED", "ROUTED", "NO_OWNER"), decides.stream()
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .map(s -> s.getAttributes().get(DecideTrace.OUTCOME)).toList());
    }

    @Test
    void aPinnedDecisionIsTracedWithThePinnedRevision() {
        int active = given().get("/v1/rulesets/active").then().statusCode(200).extract().path("revision");
        Caller caller = Caller.next();
        // The revision is read on a worker before deciding: the trace still is the caller's.
        String id = caller.request().queryParam("revision", active).body(refund("traced-pinned-" + UUID.randomUUID()))
                .post("/v1/decide").then().statusCode(200).body("revision", equalTo(active)).extract().path("decisionId");

        List<SpanData> spans = spans(caller.traceId(), hasAll("arbiter.decide", "arbiter.evaluate", "arbiter.audit.append"));
        SpanData decide = named(spans, "arbiter.decide");
        assertEquals(id, decide.getAttributes().get(DecideTrace.DECISION_ID));
        assertEquals(active, decide.getAttributes().get(DecideTrace.REVISION));
        assertContinues(caller, decide);
    }

    @Test
    void aGatewayDecisionFromHeadersIsTracedInTheCallersTrace() {
        Caller caller = Caller.next();
        String id = given().header("traceparent", "00-" + caller.traceId() + "-" + caller.spanId() + "-01")
                .header("X-Command-Id", "traced-gateway-" + UUID.randomUUID()).header("X-Command-Type", "ReserveInventory")
                .get("/v1/decide/gateway").then().statusCode(200).extract().header("X-Arbiter-Decision-Id");

        List<SpanData> spans = spans(caller.traceId(), hasAll("arbiter.decide", "arbiter.evaluate", "arbiter.audit.append"));
        SpanData decide = named(spans, "arbiter.decide");
        assertEquals(id, decide.getAttributes().get(DecideTrace.DECISION_ID));
        assertEquals("ReserveInventory", decide.getAttributes().get(DecideTrace.COMMAND_TYPE));
        assertContinues(caller, decide);
    }

    @Test
    void aConflictingRetryEndsItsDecideSpanAsAnErrorAfterTheAuditLogAnswered() {
        String commandId = "traced-conflict-" + UUID.randomUUID();
        Caller.next().request().body(refund(commandId)).post("/v1/decide").then().statusCode(200);
        Caller caller = Caller.next();
        caller.request().body("{\"commandId\":\"" + commandId + "\",\"type\":\"PlaceOrder\"}").post("/v1/decide")
                .then().statusCode(409);

        List<SpanData> spans = spans(caller.traceId(), hasAll("arbiter.decide", "arbiter.audit.append"));
        SpanData decide = named(spans, "arbiter.decide");
        assertEquals(StatusCode.ERROR, decide.getStatus().getStatusCode());
        assertEquals("CommandConflictException", decide.getStatus().getDescription());
        assertEquals(StatusCode.UNSET, named(spans, "arbiter.audit.append").getStatus().getStatusCode());
    }

    @Test
    void aDecisionRefusedBeforeItIsStampedEndsItsDecideSpanAsAnError() {
        Caller caller = Caller.next();
        Tokens.asTenant("tenant-bound", "acme", "decider").contentType(ContentType.JSON)
                .header("traceparent", "00-" + caller.traceId() + "-" + caller.spanId() + "-01")
                .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"tenant\":\"globex\"}")
                .post("/v1/decide").then().statusCode(403);

        List<SpanData> spans = spans(caller.traceId(), hasAll("arbiter.decide"));
        SpanData decide = named(spans, "arbiter.decide");
        assertEquals(StatusCode.ERROR, decide.getStatus().getStatusCode());
        assertNull(decide.getAttributes().get(DecideTrace.DECISION_ID));
        assertFalse(spans.stream().anyMatch(s -> s.getName().equals("arbiter.evaluate")));
    }

    /**
     * {@code decide} is in the caller's trace: its parent is the caller's span, or the HTTP server's
     * span under it (which ends after the response is sent: waited for).
     */
    private void assertContinues(Caller caller, SpanData decide) {
        assertEquals(caller.traceId(), decide.getTraceId());
        if (!decide.getParentSpanId().equals(caller.spanId())) {
            List<SpanData> spans = spans(caller.traceId(), s -> s.stream().anyMatch(x -> x.getSpanId().equals(decide.getParentSpanId())));
            SpanData server = spans.stream().filter(s -> s.getSpanId().equals(decide.getParentSpanId())).findFirst().orElseThrow();
            assertEquals(SpanKind.SERVER, server.getKind());
            assertEquals(caller.spanId(), server.getParentSpanId());
        }
    }

    private static Predicate<List<SpanData>> hasAll(String... names) {
        return spans -> List.of(names).stream().allMatch(n -> spans.stream().anyMatch(s -> s.getName().equals(n)));
    }

    private static SpanData named(List<SpanData> spans, String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), name + " in " + spans);
        return found.get(0);
    }

    /**
     * The finished spans of a trace once {@code complete} holds (the HTTP server's span ends after the
     * response is sent, so it may still be open when the answer arrives), flushing the exporter's batch.
     */
    private List<SpanData> spans(String traceId, Predicate<List<SpanData>> complete) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
            List<SpanData> spans = collector.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            if (complete.test(spans)) {
                return spans;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("trace " + traceId + " is incomplete: " + spans);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

package io.arbiter.tracing;

import io.arbiter.api.Tokens;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tracing as shipped, with no OTLP endpoint configured (the test profile configures none): off —
 * no spans, nothing sent to the exporter's default endpoint, nothing logged about it — while the
 * audit record still keeps the caller's {@code traceparent} ids.
 */
@QuarkusTest
class TracingDefaultsTest {
    /** Where Quarkus' OTLP exporter sends when no endpoint is configured. */
    static final int DEFAULT_OTLP_PORT = 4317;

    @Inject
    Tracing tracing;
    @Inject
    OpenTelemetry openTelemetry;

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Test
    void withNoEndpointConfiguredADecisionStartsNoSpan() {
        assertFalse(tracing.enabled());
        assertSame(TraceParent.NONE, tracing.parent());
        assertSame(DecideTrace.NONE, tracing.decide(TraceParent.NONE, "PlaceOrder"));
    }

    @Test
    void withNoEndpointConfiguredNothingIsExportedOrLoggedAndTheRecordKeepsTheCallersTrace() throws IOException {
        ServerSocket collector;
        try {
            collector = new ServerSocket(DEFAULT_OTLP_PORT);
        } catch (IOException e) {
            assumeTrue(false, "port " + DEFAULT_OTLP_PORT + " is taken on this machine: " + e.getMessage());
            return;
        }
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        List<Logger> loggers = List.of(Logger.getLogger("io.opentelemetry"), Logger.getLogger("io.quarkus.opentelemetry"));
        loggers.forEach(l -> l.addHandler(handler));
        try (collector) {
            Response r = given().contentType(ContentType.JSON)
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .body("{\"commandId\":\"untraced-" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"market\":\"US\"}")
                    .post("/v1/decide");
            r.then().statusCode(200);
            given().get("/v1/decisions/" + r.path("decisionId")).then().statusCode(200)
                    .body("trace_id", equalTo("4bf92f3577b34da6a3ce929d0e0e4736")).body("span_id", equalTo("00f067aa0ba902b7"));

            // An exporter left on would send what it holds now, to the default endpoint.
            ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
            collector.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, collector::accept, "something connected to the default OTLP endpoint");
            assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList());
        } finally {
            loggers.forEach(l -> l.removeHandler(handler));
        }
    }
}

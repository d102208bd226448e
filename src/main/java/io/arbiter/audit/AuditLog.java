package io.arbiter.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Decision;
import io.arbiter.decision.DecisionLog;
import io.arbiter.decision.RequestInfo;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The decision log as the decide path sees it: renders each decision as an audit record in OPA's
 * decision-log vocabulary and hands it to the {@link AuditWriter}.
 *
 * <p>Recently decided command ids are remembered in memory, so a retry is answered without a
 * database round trip — and still correctly while PostgreSQL is unreachable.
 */
@ApplicationScoped
public class AuditLog implements DecisionLog {
    static final String PATH = "v1/decide";

    @Inject
    AuditWriter writer;

    @Inject
    ObjectMapper json;

    @Inject
    AuditConfig config;

    private RecentCommands recent;

    @Override
    public CompletionStage<Recorded> record(Decision decision, String resultJson, RequestInfo request) {
        String commandId = decision.envelope().commandId();
        String known = recent.get(commandId);
        if (known != null) {
            return CompletableFuture.completedFuture(alreadyDecided(known));
        }
        String record = render(decision, resultJson, request);
        AuditEntry entry = new AuditEntry(decision.decisionId(), decision.decidedAt(), commandId,
                decision.envelope().type(), decision.envelope().businessKey(), decision.envelope().correlationId(),
                decision.envelope().tenant(), decision.result().owner(), decision.result().outcome().name(),
                decision.revision(), record);
        return writer.submit(entry).thenApply(written -> {
            String stored = written instanceof AuditWriter.Duplicate d ? d.originalRecord() : record;
            recent.put(commandId, stored);
            return written instanceof AuditWriter.Duplicate ? alreadyDecided(stored) : new Stored();
        });
    }

    /**
     * The audit record: {@code decision_id, timestamp, path, revision, requested_by, subject, client_id, trace_id,
     * span_id, metrics.timer_arbiter_eval_ns, input} (the envelope) and {@code result} (exactly the
     * JSON returned to the caller).
     */
    String render(Decision d, String resultJson, RequestInfo request) {
        StringWriter out = new StringWriter(1024 + resultJson.length());
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("decision_id", d.decisionId().toString());
            g.writeStringField("timestamp", d.decidedAt().toString());
            g.writeStringField("path", PATH);
            g.writeNumberField("revision", d.revision());
            g.writeStringField("requested_by", request.requestedBy());
            g.writeStringField("subject", request.subject());
            g.writeStringField("client_id", request.clientId());
            g.writeStringField("trace_id", request.traceId());
            g.writeStringField("span_id", request.spanId());
            g.writeObjectFieldStart("metrics");
            g.writeNumberField("timer_arbiter_eval_ns", d.evalNanos());
            g.writeEndObject();
            g.writeFieldName("input");
            json.writeValue(g, d.envelope());
            g.writeFieldName("result");
            g.writeRawValue(resultJson);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Retention dropped decisions: idempotency must not outlive them, so the memory of recent ones goes too. */
    void forgetRecent() {
        recent.clear();
    }

    private AlreadyDecided alreadyDecided(String record) {
        try {
            JsonNode node = json.readTree(record);
            return new AlreadyDecided(json.treeToValue(node.get("input"), CommandEnvelope.class), node.get("result").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable audit record", e);
        }
    }

    /** Built once the configuration is injected; accessed from every event-loop thread. */
    @PostConstruct
    void init() {
        recent = RecentCommands.of(config.recentCommands());
    }
}

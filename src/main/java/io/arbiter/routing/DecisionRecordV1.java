package io.arbiter.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.arbiter.decision.Bucket;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Decision;
import io.arbiter.decision.SignalReading;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The audit record of one decision, version 1, in OPA's decision-log vocabulary: what was asked
 * ({@code input}), what it was evaluated with ({@code revision}), what was answered
 * ({@code result}, the {@link DecisionV1} returned byte for byte), who asked and under which
 * trace, and how long evaluation took. {@link DecisionRecordJson} is the only thing that writes
 * or reads its stored form; the field table of {@code audit/README.md} is checked against
 * {@link #FIELDS} by a test.
 *
 * <p><b>Evaluation inputs.</b> Everything a decision depended on besides its input is recorded
 * beside {@code revision}, so that a replay can reproduce it: the revision, and {@code signals} —
 * each signal the revision tests as the decision read it (value, when observed, stale or not),
 * written only when the revision tests any, so records of revisions without signals stay as they
 * were. The ownership-ledger lookups will join them as a field of their own (absent in records
 * written before, which a reader must accept).
 *
 * <p>Read back, a record may come from a history file written elsewhere: fields it does not know
 * are ignored (the served {@code seq} and {@code hash}, fields of later versions), nothing but
 * what replay needs is required, and {@code decision_id} stays text.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionRecordV1(
        @JsonProperty("decision_id") String decisionId,
        Instant timestamp,
        String path,
        Integer revision,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Signal> signals,
        @JsonProperty("requested_by") String requestedBy,
        String subject,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("span_id") String spanId,
        Metrics metrics,
        CommandEnvelope input,
        DecisionV1 result) {

    /** The decide path, as OPA records the queried policy path. */
    public static final String PATH = "v1/decide";

    /** The stored fields, in the order they are written; {@code metrics} has the one field {@link Metrics#EVAL_NS}. */
    public static final List<String> FIELDS = List.of("decision_id", "timestamp", "path", "revision", "signals", "requested_by", "subject",
            "client_id", "trace_id", "span_id", "metrics", "input", "result");

    /** Timings, as OPA's {@code metrics}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metrics(@JsonProperty(EVAL_NS) Long evalNanos) {
        public static final String EVAL_NS = "timer_arbiter_eval_ns";
    }

    /**
     * A signal as the decision read it.
     *
     * @param value      a number, true/false or a level; null when never observed
     * @param observedAt when its source observed the value; null when never observed
     * @param stale      past its contract's maximum age at the decision, or never observed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Signal(JsonNode value, @JsonProperty("observed_at") Instant observedAt, boolean stale) {
        static Signal of(SignalReading r) {
            JsonNode value = r.value() == null ? NullNode.getInstance()
                    : r.value() instanceof BigDecimal n ? DecimalNode.valueOf(n)
                    : r.value() instanceof Boolean b ? BooleanNode.valueOf(b)
                    : TextNode.valueOf(r.value().toString());
            return new Signal(value, r.observedAt(), r.stale());
        }

        /** The reading a replay evaluates with: numbers as exact decimals, as decide compares them. */
        SignalReading reading(String name) {
            Object v = value == null || value.isNull() ? null
                    : value.isNumber() ? value.decimalValue()
                    : value.isBoolean() ? (Object) value.booleanValue()
                    : value.asText();
            return new SignalReading(name, v, observedAt, stale);
        }
    }

    /** The record of a decision made now for this caller. */
    public static DecisionRecordV1 of(Decision d, RequestInfo request) {
        Map<String, Signal> signals = null;
        if (!d.signals().isEmpty()) {
            signals = new TreeMap<>();
            for (SignalReading r : d.signals().values()) {
                signals.put(r.name(), Signal.of(r));
            }
        }
        return new DecisionRecordV1(d.decisionId().toString(), d.decidedAt(), PATH, d.revision(), signals, request.requestedBy(),
                request.subject(), request.clientId(), request.traceId(), request.spanId(), new Metrics(d.evalNanos()), d.envelope(),
                DecisionV1.of(d, false));
    }

    /**
     * The decision this record holds. Only for records this service wrote (a UUID decision id, a
     * revision, a result): the answer to a retried command is rebuilt from it.
     */
    public Decision decision() {
        int bucket = result.bucket() != null ? result.bucket() : Bucket.of(input.bucketKey());
        return new Decision(UUID.fromString(decisionId), input, bucket, revision, readings(), timestamp, result.routingResult(),
                metrics == null || metrics.evalNanos() == null ? 0 : metrics.evalNanos());
    }

    /** The signals the decision read, as readings by name; empty for a record without any. */
    public Map<String, SignalReading> readings() {
        if (signals == null || signals.isEmpty()) {
            return Map.of();
        }
        Map<String, SignalReading> out = new TreeMap<>();
        signals.forEach((name, signal) -> out.put(name, signal.reading(name)));
        return out;
    }
}

package io.arbiter.routing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The stored form of {@link DecisionRecordV1} and {@link DecisionV1}: the one place that writes
 * and reads them. Its own mapper, so the stored format does not follow the application's Jackson
 * settings: times as ISO-8601 text, an unknown field in {@code input} refused (the envelope is the
 * request's, which refuses them too).
 *
 * <p><b>Rendered once.</b> {@link #render} writes the answer, then the record around those very
 * characters: the caller receives exactly the {@code result} the log stores, and nothing is
 * serialised twice.
 *
 * <p><b>Served as stored.</b> A record's hash is over its stored text, so the log serves that text
 * verbatim with {@code seq} and {@code hash} in front ({@link #served}) — never re-rendered, which
 * would not be the hashed bytes for a record written by an earlier version.
 */
public final class DecisionRecordJson {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final ObjectWriter ANSWER = JSON.writerFor(DecisionV1.class);
    private static final ObjectWriter ENVELOPE = JSON.writer();
    private static final ObjectReader RECORD = JSON.readerFor(DecisionRecordV1.class);

    private DecisionRecordJson() {
    }

    /** A record as stored, and the answer inside it as returned. */
    public record Rendered(String answer, String record) {
    }

    /** The record's answer and the record holding those characters as its {@code result}. */
    public static Rendered render(DecisionRecordV1 r) {
        String answer = answer(r.result());
        StringWriter out = new StringWriter(1024 + answer.length());
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("decision_id", r.decisionId());
            g.writeStringField("timestamp", r.timestamp().toString());
            g.writeStringField("path", r.path());
            g.writeNumberField("revision", r.revision());
            if (r.signals() != null && !r.signals().isEmpty()) {
                g.writeObjectFieldStart("signals");
                for (Map.Entry<String, DecisionRecordV1.Signal> s : r.signals().entrySet()) {
                    g.writeObjectFieldStart(s.getKey());
                    g.writeFieldName("value");
                    JsonNode value = s.getValue().value();
                    if (value.isNumber()) {
                        // Plain digits, as a push gave them: never 1.2E+4.
                        g.writeNumber(value.decimalValue().stripTrailingZeros().toPlainString());
                    } else {
                        JSON.writeTree(g, value);
                    }
                    g.writeStringField("observed_at", s.getValue().observedAt() == null ? null : s.getValue().observedAt().toString());
                    g.writeBooleanField("stale", s.getValue().stale());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeStringField("requested_by", r.requestedBy());
            g.writeStringField("subject", r.subject());
            g.writeStringField("client_id", r.clientId());
            g.writeStringField("trace_id", r.traceId());
            g.writeStringField("span_id", r.spanId());
            g.writeObjectFieldStart("metrics");
            g.writeNumberField(DecisionRecordV1.Metrics.EVAL_NS, r.metrics().evalNanos());
            g.writeEndObject();
            g.writeFieldName("input");
            ENVELOPE.writeValue(g, r.input());
            g.writeFieldName("result");
            g.writeRawValue(answer);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(answer, out.toString());
    }

    /** An answer on its own: the answer to a retry, which is not recorded again. */
    public static String answer(DecisionV1 answer) {
        try {
            return ANSWER.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A stored or served record — or a line of a history file in the same format. Fails with
     * Jackson's own exceptions, whose messages say what and where.
     */
    public static DecisionRecordV1 read(String json) throws IOException {
        return RECORD.readValue(json);
    }

    /** How the log serves a stored record: {@code {"seq":N,"hash":"…",} + the stored fields, verbatim}. */
    public static String served(long seq, String hash, String stored) {
        return "{\"seq\":" + seq + ",\"hash\":\"" + hash + "\"," + stored.substring(1);
    }
}

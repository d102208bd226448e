package io.arbiter.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.arbiter.decision.Acceptance;
import io.arbiter.decision.Bucket;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.FailureContract;
import io.arbiter.decision.Mode;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads a history file one line at a time — never the whole file — in either format:
 * <ul>
 *   <li>the audit export ({@code GET /v1/decisions/export}): {@code input} is replayed as of
 *       {@code timestamp} with the recorded {@code result.bucket}, and {@code result} is the baseline;</li>
 *   <li>bare command envelopes (the body of {@code POST /v1/decide}): replayed as of their
 *       {@code issuedAt}, or of {@code defaultTime} when they have none; no recorded baseline.</li>
 * </ul>
 * A line that cannot be read is reported as an error with its line number, and reading goes on.
 */
public final class HistoryReader implements Iterator<HistoryReader.Line> {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** A record, or the reason line {@code number} could not be read. */
    public record Line(long number, ReplayRecord record, String error) {
    }

    /** Where lines come from: a file, an upload, or pages of the audit log. Null at the end. */
    public interface Lines {
        String next() throws IOException;
    }

    private final Lines in;
    private final Instant defaultTime;
    private long number;
    private Line next;

    public HistoryReader(BufferedReader in, Instant defaultTime) {
        this(in::readLine, defaultTime);
    }

    public HistoryReader(Lines in, Instant defaultTime) {
        this.in = in;
        this.defaultTime = defaultTime;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            String text;
            while ((text = in.next()) != null) {
                number++;
                if (!text.isBlank()) {
                    next = parse(number, text);
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
    }

    /** A JSON object that is not an audit record (no input and result): a bare envelope. False for anything unreadable. */
    static boolean isBareEnvelope(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() && !(node.has("input") && node.has("result"));
        } catch (IOException e) {
            return false;
        }
    }

    Line parse(long lineNumber, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node.has("input") && node.has("result")) {
                CommandEnvelope envelope = JSON.treeToValue(node.get("input"), CommandEnvelope.class);
                JsonNode result = node.get("result");
                Instant at = Instant.parse(node.get("timestamp").asText());
                int bucket = result.has("bucket") ? result.get("bucket").asInt() : Bucket.of(envelope.bucketKey());
                return new Line(lineNumber, new ReplayRecord(node.path("decision_id").asText(null), envelope, at, bucket,
                        node.has("revision") ? node.get("revision").asInt() : null, routing(result)), null);
            }
            CommandEnvelope envelope = JSON.treeToValue(node, CommandEnvelope.class);
            if (envelope.commandId() == null || envelope.type() == null) {
                return new Line(lineNumber, null, "line " + lineNumber + ": commandId and type are required");
            }
            Instant at = envelope.issuedAt() != null ? envelope.issuedAt() : defaultTime;
            return new Line(lineNumber, new ReplayRecord(null, envelope, at, Bucket.of(envelope.bucketKey()), null, null), null);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return new Line(lineNumber, null, "line " + lineNumber + ": " + message);
        }
    }

    private static RoutingResult routing(JsonNode r) {
        List<String> matched = new ArrayList<>();
        r.path("matchedRules").forEach(n -> matched.add(n.asText()));
        List<String> reasons = new ArrayList<>();
        r.path("reasons").forEach(n -> reasons.add(n.asText()));
        return new RoutingResult(Outcome.valueOf(r.get("outcome").asText()), text(r, "owner"), text(r, "implementation"),
                enumOf(Mode.class, r, "mode"), enumOf(Acceptance.class, r, "acceptance"), text(r, "translation"),
                enumOf(FailureContract.class, r, "failureContract"), text(r, "destination"), matched, reasons);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? null : Enum.valueOf(type, v);
    }
}

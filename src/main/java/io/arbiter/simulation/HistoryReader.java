package io.arbiter.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.arbiter.decision.Bucket;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.routing.DecisionRecordJson;
import io.arbiter.routing.DecisionRecordV1;
import io.arbiter.routing.DecisionV1;
import io.arbiter.text.TextRules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
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

    /** A line as read, before parsing: its 1-based number in the history and its text. */
    public record RawLine(long number, String text) {
    }

    /**
     * The next non-blank line unparsed, or null at the end — for readers that parse on other
     * threads ({@link #parse(RawLine)}). Not to be mixed with {@link #next()} on one reader.
     */
    public RawLine nextRaw() {
        try {
            String text;
            while ((text = in.next()) != null) {
                number++;
                if (!text.isBlank()) {
                    return new RawLine(number, text);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one raw line; safe to call from several threads at once. */
    public Line parse(RawLine raw) {
        return parse(raw.number(), raw.text());
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

    private static final ObjectReader ENVELOPE = JSON.readerFor(CommandEnvelope.class);

    Line parse(long lineNumber, String text) {
        // NUL and unpaired surrogates can only arrive as \\u escapes (the bytes were strict UTF-8):
        // a line without one is checked for nothing more, so the replay's hot path stays as it was.
        if (text.indexOf("\\u") >= 0) {
            String problem = unstorableText(text);
            if (problem != null) {
                return new Line(lineNumber, null, "line " + lineNumber + ": " + problem);
            }
        }
        try {
            // Both keys present: an audit record. (A bare envelope could only contain them as attribute
            // names, and then binding as a record fails and it is read as an envelope below.)
            if (text.contains("\"input\"") && text.contains("\"result\"")) {
                DecisionRecordV1 line = exportLine(text);
                if (line != null) {
                    return record(lineNumber, line);
                }
            }
            CommandEnvelope envelope = ENVELOPE.readValue(text);
            if (envelope.commandId() == null || envelope.type() == null) {
                return new Line(lineNumber, null, "line " + lineNumber + ": commandId and type are required");
            }
            Instant at = envelope.issuedAt() != null ? envelope.issuedAt() : defaultTime;
            return new Line(lineNumber, new ReplayRecord(null, envelope, at, Bucket.of(envelope.bucketKey()), null, java.util.Map.of(), null), null);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            // Parser messages quote the input: escaped, so the report can be stored whatever the line held.
            return new Line(lineNumber, null, "line " + lineNumber + ": " + TextRules.escape(message));
        }
    }

    /** What makes a line's text unstorable (NUL, an unpaired surrogate in a value or a name), or null. */
    private static String unstorableText(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return null; // not JSON: parsing reports it
        }
        return unstorableText(root, "");
    }

    private static String unstorableText(JsonNode node, String path) {
        if (node.isTextual()) {
            String problem = TextRules.problem(node.textValue());
            return problem == null ? null : (path.isEmpty() ? "the line " : path + " ") + problem;
        }
        for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) node::fields) {
            String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            String problem = TextRules.problem(field.getKey());
            if (problem == null) {
                problem = unstorableText(field.getValue(), name);
                if (problem != null) {
                    return problem;
                }
            } else {
                return "a field name " + problem;
            }
        }
        int i = 0;
        for (JsonNode element : node.isArray() ? node : com.fasterxml.jackson.databind.node.MissingNode.getInstance()) {
            String problem = unstorableText(element, path + "[" + i++ + "]");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * The line as an audit record, or null when it is not one (then it is read as a bare envelope).
     * Bound directly, no intermediate tree: fields Arbiter does not replay are ignored.
     */
    private static DecisionRecordV1 exportLine(String text) throws IOException {
        try {
            DecisionRecordV1 line = DecisionRecordJson.read(text);
            return line.input() != null && line.result() != null ? line : null;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw e; // an unknown field in the recorded input: the record is malformed, say so
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            return null;
        }
    }

    private static Line record(long lineNumber, DecisionRecordV1 line) {
        if (line.timestamp() == null) {
            return new Line(lineNumber, null, "line " + lineNumber + ": timestamp is required in an audit record");
        }
        DecisionV1 r = line.result();
        if (r.outcome() == null) {
            return new Line(lineNumber, null, "line " + lineNumber + ": result.outcome is required in an audit record");
        }
        CommandEnvelope envelope = line.input();
        int bucket = r.bucket() != null ? r.bucket() : Bucket.of(envelope.bucketKey());
        return new Line(lineNumber, new ReplayRecord(line.decisionId(), envelope, line.timestamp(), bucket, line.revision(),
                line.readings(), r.routingResult()), null);
    }
}

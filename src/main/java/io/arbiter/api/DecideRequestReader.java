package io.arbiter.api;

import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.arbiter.text.TextRules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Reads a decide request strictly: a body over the limit is 413; bytes that are not UTF-8,
 * malformed JSON, a duplicate key, an unknown field, a wrong type, a missing required field, text
 * with NUL or an unpaired surrogate, or a field over its length is 400 naming the field. Strict on
 * purpose: a misspelt "markt" silently ignored would route a command by the wrong rule, and a value
 * the audit log cannot store must not be answered.
 *
 * <p>Which fields are required and how long each may be is declared once: by the {@link FactModel}
 * for the facts, by {@link EnvelopeLimits} for the trace fields and the attributes.
 */
final class DecideRequestReader {
    private DecideRequestReader() {
    }

    /**
     * An envelope an adapter assembled as a decide request from its own wire form (the AuthZEN
     * façade's resource, the gateway's headers), held to every rule of {@link #read}; a refusal names
     * the adapter's own field ({@code where} maps a decide field to it). No size limit here: the
     * adapter's input was held to its own.
     */
    static CommandEnvelope readAssembled(ObjectNode request, UnaryOperator<String> where) {
        byte[] body;
        try {
            body = ASSEMBLED.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
        try {
            return read(body, Integer.MAX_VALUE);
        } catch (ProblemException e) {
            throw e.located(where);
        }
    }

    private static final ObjectMapper ASSEMBLED = new ObjectMapper();

    static CommandEnvelope read(byte[] bytes, int maxBytes) {
        if (bytes == null) {
            bytes = new byte[0];
        }
        if (bytes.length > maxBytes) {
            throw new ProblemException(413, "Request too large",
                    "A decide request may be at most " + maxBytes + " bytes", List.of());
        }
        if (bytes.length == 0) {
            throw new ProblemException(400, "Invalid request", "The body is empty; send a JSON command envelope", List.of());
        }
        DecideRequestV1 request = StrictJson.read(bytes, DecideRequestV1.class, DecideRequestReader::expected);
        if (request == null) {
            throw new ProblemException(400, "Invalid request", "The body must be a JSON object", List.of());
        }
        List<Problem.FieldError> problems = new ArrayList<>();
        for (FactField field : FactModel.SENT_TEXT) {
            if (field.required()) {
                required(problems, field.name(), field.text().apply(request));
            }
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "Invalid request", problems.stream().map(f -> f.field() + " " + f.message())
                    .collect(Collectors.joining("; ")), problems);
        }
        for (FactField field : FactModel.SENT_TEXT) {
            limit(problems, field.name(), field.text().apply(request), field.maxLength());
        }
        limit(problems, "correlationId", request.correlationId(), EnvelopeLimits.IDENTIFIER);
        limit(problems, "causationId", request.causationId(), EnvelopeLimits.IDENTIFIER);
        Map<String, String> attributes = request.attributes();
        if (attributes != null) {
            attributes(problems, attributes);
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "Invalid request", problems.stream().map(f -> f.field() + ": " + f.message())
                    .collect(Collectors.joining("; ")), problems);
        }
        if (request.issuedAt() != null && (request.issuedAt().isBlank() || !request.issuedAt().strip().equals(request.issuedAt()))) {
            // In a body, "" is a value the caller sent, not an absent one, and an instant has no spaces around it.
            throw ProblemException.badField("issuedAt", "not an ISO-8601 instant such as 2026-11-22T10:15:30Z");
        }
        return new CommandEnvelope(request.commandId(), request.type(), request.businessKey(), request.tenant(),
                request.market(), request.channel(), request.product(), request.customerTier(), request.cohort(),
                attributes, request.correlationId(), request.causationId(), Instants.parse("issuedAt", request.issuedAt()));
    }

    private static void required(List<Problem.FieldError> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem.FieldError(field, "is required"));
        }
    }

    private static void limit(List<Problem.FieldError> problems, String field, String value, int max) {
        if (value != null && TextRules.longerThan(value, max)) {
            problems.add(new Problem.FieldError(field, "is longer than " + max + " characters"));
        }
    }

    private static void attributes(List<Problem.FieldError> problems, Map<String, String> attributes) {
        if (attributes.size() > EnvelopeLimits.ATTRIBUTES) {
            problems.add(new Problem.FieldError("attributes", "has " + attributes.size() + " entries; at most "
                    + EnvelopeLimits.ATTRIBUTES + " are allowed"));
            return;
        }
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            String field = "attributes." + TextRules.echo(e.getKey());
            if (e.getValue() == null) {
                problems.add(new Problem.FieldError(field, "must be a string, not null"));
            } else if (TextRules.longerThan(e.getKey(), EnvelopeLimits.ATTRIBUTE_NAME)) {
                problems.add(new Problem.FieldError(field, "the name is longer than " + EnvelopeLimits.ATTRIBUTE_NAME + " characters"));
            } else {
                limit(problems, field, e.getValue(), EnvelopeLimits.ATTRIBUTE_VALUE);
            }
        }
    }

    /** "must be a string" rather than Jackson's wording about coercion configs. */
    private static String expected(String path) {
        return path.equals("attributes") ? "must be an object whose values are strings" : "must be a string";
    }
}

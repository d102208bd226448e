package io.arbiter.api;

import io.arbiter.decision.CommandEnvelope;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a decide request strictly: a body over the limit is 413, malformed JSON, an unknown
 * field, a wrong type or a missing required field is 400 naming the field. Strict on purpose: a
 * misspelt "markt" silently ignored would route a command by the wrong rule.
 */
final class DecideRequestReader {
    private DecideRequestReader() {
    }

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
        List<Problem.FieldError> missing = new java.util.ArrayList<>();
        if (blank(request.commandId())) {
            missing.add(new Problem.FieldError("commandId", "is required"));
        }
        if (blank(request.type())) {
            missing.add(new Problem.FieldError("type", "is required"));
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(400, "Invalid request", missing.stream().map(f -> f.field() + " " + f.message())
                    .collect(Collectors.joining("; ")), missing);
        }
        Instant issuedAt = null;
        if (request.issuedAt() != null) {
            try {
                issuedAt = Instant.parse(request.issuedAt());
            } catch (DateTimeParseException e) {
                throw ProblemException.badField("issuedAt", "not an ISO-8601 instant such as 2026-11-22T10:15:30Z");
            }
        }
        Map<String, String> attributes = request.attributes();
        if (attributes != null && attributes.containsValue(null)) {
            String key = attributes.entrySet().stream().filter(e -> e.getValue() == null).findFirst().orElseThrow().getKey();
            throw ProblemException.badField("attributes." + key, "must be a string, not null");
        }
        return new CommandEnvelope(request.commandId(), request.type(), request.businessKey(), request.tenant(),
                request.market(), request.channel(), request.product(), request.customerTier(), request.cohort(),
                attributes, request.correlationId(), request.causationId(), issuedAt);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** "must be a string" rather than Jackson's wording about coercion configs. */
    private static String expected(String path) {
        return path.equals("attributes") ? "must be an object whose values are strings" : "must be a string";
    }
}

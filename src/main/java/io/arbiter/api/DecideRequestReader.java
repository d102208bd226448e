package io.arbiter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.arbiter.decision.CommandEnvelope;

import java.io.IOException;
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
    private static final ObjectMapper STRICT = strictMapper();

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
        DecideRequestV1 request;
        try {
            request = STRICT.readValue(bytes, DecideRequestV1.class);
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.badField(path(e), "unknown field; known fields are " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            if (e.getPath().isEmpty()) {
                throw new ProblemException(400, "Malformed JSON", firstLine(e), List.of());
            }
            throw ProblemException.badField(path(e), expected(e));
        } catch (JsonProcessingException e) {
            throw new ProblemException(400, "Malformed JSON", firstLine(e), List.of());
        } catch (IOException e) {
            throw new ProblemException(400, "Unreadable body", e.getMessage(), List.of());
        }
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

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** "must be a string" rather than Jackson's wording about coercion configs. */
    private static String expected(JsonMappingException e) {
        return path(e).equals("attributes") ? "must be an object whose values are strings" : "must be a string";
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // Strings stay strings: 42 or true where text is expected is a caller bug, not a value.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}

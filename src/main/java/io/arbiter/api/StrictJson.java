package io.arbiter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * Reads request bodies strictly: malformed JSON, an unknown field or a wrong type is 400 naming the
 * field. Strict on purpose: a misspelt field silently ignored would do something the caller did
 * not ask for.
 */
final class StrictJson {
    private static final ObjectMapper STRICT = strictMapper();

    private StrictJson() {
    }

    /**
     * The body as {@code type}, or null for an empty body. {@code expected} words a wrong-type error
     * for a field path (null: worded from the target type).
     */
    static <T> T read(byte[] bytes, Class<T> type, Function<String, String> expected) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return STRICT.readValue(bytes, type);
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.badField(path(e), "unknown field; known fields are " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            if (e.getPath().isEmpty()) {
                throw new ProblemException(400, "Malformed JSON", firstLine(e), List.of());
            }
            String message = expected.apply(path(e));
            throw ProblemException.badField(path(e), message != null ? message : expectedOf(e));
        } catch (JsonProcessingException e) {
            throw new ProblemException(400, "Malformed JSON", firstLine(e), List.of());
        } catch (IOException e) {
            throw new ProblemException(400, "Unreadable body", e.getMessage(), List.of());
        }
    }

    /** The body as {@code type}, with wrong types worded from the target type ("must be a number"). */
    static <T> T read(byte[] bytes, Class<T> type) {
        return read(bytes, type, path -> null);
    }

    private static String expectedOf(JsonMappingException e) {
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (target == null) {
            return "has the wrong type";
        }
        if (Number.class.isAssignableFrom(target) || target == int.class || target == long.class) {
            return "must be a number";
        }
        if (target == String.class) {
            return "must be a string";
        }
        return "must be " + target.getSimpleName();
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

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // Strings stay strings and numbers numbers: 42 where text is expected is a caller bug, not a value.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }
}

package io.arbiter.api;

import io.arbiter.text.TextRules;
import io.arbiter.text.StrictUtf8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Reads request bodies strictly: bytes that are not UTF-8, malformed JSON, a duplicate key, an
 * unknown field, a wrong type, or text with NUL or an unpaired surrogate is 400 naming the field.
 * Strict on purpose: a misspelt field silently ignored would do something the caller did not ask
 * for, and of two values for one key a parser keeps one the caller may not have meant.
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
        StrictUtf8.Malformed malformed = StrictUtf8.check(bytes);
        if (malformed != null) {
            throw problem("Invalid request", fieldAt(bytes, (int) malformed.offset()), malformed.message());
        }
        try {
            return STRICT.readValue(bytes, type);
        } catch (InvalidText e) {
            throw ProblemException.badField(path(e), e.getOriginalMessage());
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.badField(path(e), "unknown field; known fields are " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException parsing && !(parsing instanceof JsonMappingException)) {
                throw malformed(parsing); // a duplicate key inside a map: Jackson wraps the parser's error
            }
            if (e.getPath().isEmpty()) {
                throw new ProblemException(400, "Malformed JSON", firstLine(e), List.of());
            }
            String message = expected.apply(path(e));
            throw ProblemException.badField(path(e), message != null ? message : expectedOf(e));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ProblemException(400, "Unreadable body", e.getMessage(), List.of());
        }
    }

    /** The body as {@code type}, with wrong types worded from the target type ("must be a number"). */
    static <T> T read(byte[] bytes, Class<T> type) {
        return read(bytes, type, path -> null);
    }

    /** Syntax, a duplicate key, a number out of range, nesting too deep: named where the parser stood. */
    private static ProblemException malformed(JsonProcessingException e) {
        String field = e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext(), true) : null;
        return problem("Malformed JSON", field, firstLine(e));
    }

    private static ProblemException problem(String title, String field, String message) {
        if (field == null || field.isEmpty()) {
            return new ProblemException(400, title, message, List.of());
        }
        return new ProblemException(400, title, field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    /**
     * The field whose key or value holds the byte at {@code offset} (null: between tokens, or at the
     * top level). Only on the error path: tokenises the body once more, tracking where each token ends.
     */
    static String fieldAt(byte[] bytes, int offset) {
        JsonParser p = null;
        JsonToken last = null;
        boolean finished = true;
        try {
            p = STRICT.getFactory().createParser(bytes);
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                last = t;
                finished = false;
                if (t == JsonToken.VALUE_STRING) {
                    p.getText(); // strings are decoded lazily: this is where their bytes are read
                }
                finished = true;
                if (p.currentLocation().getByteOffset() > offset) {
                    return p.currentTokenLocation().getByteOffset() <= offset ? path(p.getParsingContext(), true) : null;
                }
            }
            return null;
        } catch (IOException e) {
            if (p == null) {
                return null;
            }
            JsonStreamContext ctx = p.getParsingContext();
            // Failed while finishing a string, or reading the value after a key: that key's field.
            // Failed reading the next key of an object: the object (the key itself is unreadable).
            boolean inValue = !finished || last == JsonToken.FIELD_NAME || !ctx.inObject();
            return path(ctx, inValue);
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // nothing was opened but the array
                }
            }
        }
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
                sb.append(sb.length() == 0 ? "" : ".").append(TextRules.echo(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The dotted path of a parsing context ({@code attributes.giftWrap}, {@code a[2]}); without its own key unless asked. */
    private static String path(JsonStreamContext ctx, boolean withCurrentName) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                if (c.getCurrentName() != null && (withCurrentName || c != ctx)) {
                    parts.addFirst("." + TextRules.echo(c.getCurrentName()));
                }
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** A string value or map key that may not be kept (NUL, unpaired surrogate); the path is added as it unwinds. */
    static final class InvalidText extends JsonMappingException {
        InvalidText(JsonParser p, String message) {
            super(p, message);
        }
    }

    /** Every string value: as Jackson reads it (coercion rules included), then held to {@link TextRules}. */
    private static final class CheckedText extends StdScalarDeserializer<String> {
        CheckedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = value == null ? null : TextRules.problem(value);
            if (problem != null) {
                throw new InvalidText(p, problem);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /** Every map key (attribute names): held to {@link TextRules}, named in the message since the path stops at the map. */
    private static final class CheckedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            String problem = TextRules.problem(key);
            if (problem != null) {
                throw new InvalidText(ctxt.getParser(), "key '" + TextRules.echo(key) + "' " + problem);
            }
            return key;
        }
    }

    private static ObjectMapper strictMapper() {
        SimpleModule text = new SimpleModule("arbiter-strict-text")
                .addDeserializer(String.class, new CheckedText())
                .addKeyDeserializer(String.class, new CheckedKey());
        ObjectMapper mapper = JsonMapper.builder(new JsonFactory())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .addModule(text)
                .build();
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

package io.arbiter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arbiter.decision.CommandEnvelope;
import io.vertx.core.MultiMap;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command envelope a gateway sends as request headers, one {@code X-Command-*} header per field
 * of {@link DecideRequestV1} ({@code commandId} → {@code X-Command-Id}, {@code businessKey} →
 * {@code X-Command-Business-Key}, …). The names are derived from the decide request's fields, and the
 * values held to every rule of {@code /v1/decide} by its own reader, so the adapter cannot drift from
 * it; a refusal names the header.
 *
 * <p>Header values are bytes: they are read as UTF-8 (HTTP leaves the charset open; a gateway copies
 * what its client sent). An empty header is an absent field: gateways send empty values for headers
 * the client did not send. {@code X-Command-Attributes} is {@code application/x-www-form-urlencoded}
 * ({@code dataResidency=EU&giftWrap=yes}) because header names are case-insensitive and attribute names are not.
 */
final class GatewayHeaders {
    static final String PREFIX = "X-Command-";
    static final String ATTRIBUTES = "attributes";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Field name → header name, in the request's field order. */
    static final Map<String, String> HEADERS = Arrays.stream(DecideRequestV1.class.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toMap(f -> f, GatewayHeaders::header, (a, b) -> a, LinkedHashMap::new));

    private GatewayHeaders() {
    }

    static CommandEnvelope envelope(MultiMap headers) {
        ObjectNode request = JSON.createObjectNode();
        for (Map.Entry<String, String> field : HEADERS.entrySet()) {
            String value = value(headers, field.getValue());
            if (value == null) {
                continue;
            }
            if (field.getKey().equals(ATTRIBUTES)) {
                request.set(ATTRIBUTES, attributes(field.getValue(), value));
            } else {
                request.put(field.getKey(), value);
            }
        }
        // Headers are bounded by the HTTP server's header limits, not by the decide body's.
        return DecideRequestReader.readAssembled(request, GatewayHeaders::where);
    }

    /** {@code commandId} → {@code X-Command-Id}; {@code customerTier} → {@code X-Command-Customer-Tier}. */
    static String header(String field) {
        String name = field.startsWith("command") ? field.substring("command".length()) : field;
        StringBuilder header = new StringBuilder(PREFIX);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0) {
                header.append(Character.toUpperCase(c));
            } else if (Character.isUpperCase(c)) {
                header.append('-').append(c);
            } else {
                header.append(c);
            }
        }
        return header.toString();
    }

    /** The header's value as UTF-8 text; null when absent or empty. */
    private static String value(MultiMap headers, String name) {
        List<String> values = headers.getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badField(name, "is sent more than once; send it once");
        }
        String value = values.get(0).strip();
        if (value.isEmpty()) {
            return null;
        }
        return utf8(name, value);
    }

    /** The HTTP server hands header bytes over one char per byte (ISO-8859-1): read those bytes as UTF-8. */
    private static String utf8(String name, String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) > 0xFF) {
                throw ProblemException.badField(name, "is not UTF-8 text");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badField(name, "is not UTF-8 text");
        }
    }

    /** {@code name=value&name=value}, percent-encoded; a name twice or an entry without {@code =} is refused. */
    private static ObjectNode attributes(String header, String value) {
        ObjectNode attributes = JSON.createObjectNode();
        for (String pair : value.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw ProblemException.badField(header, "must be name=value pairs joined by & (application/x-www-form-urlencoded)");
            }
            String name;
            String text;
            try {
                name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
                text = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badField(header, "has a malformed percent-encoding");
            }
            if (attributes.has(name)) {
                throw ProblemException.badField(header + "." + name, "is sent more than once");
            }
            attributes.put(name, text);
        }
        return attributes;
    }

    /** A decide request's field, named by the header that carries it: {@code attributes.x} → {@code X-Command-Attributes.x}. */
    private static String where(String field) {
        int dot = field.indexOf('.');
        String top = dot < 0 ? field : field.substring(0, dot);
        String header = HEADERS.get(top);
        if (header == null) {
            return field;
        }
        return dot < 0 ? header : header + field.substring(dot);
    }
}

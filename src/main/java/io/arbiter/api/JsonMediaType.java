package io.arbiter.api;

import io.arbiter.text.TextRules;

import java.util.List;
import java.util.Locale;

/**
 * The one media type a JSON request body may declare: {@code application/json}, with no charset or
 * {@code charset=utf-8} (JSON is UTF-8, RFC 8259). {@code @Consumes} alone lets a request without a
 * Content-Type, or with {@code *}{@code /*}, through to the method: that is refused here, so a
 * client that does not say what it sends learns so at once rather than when it sends something else.
 * {@code +json} types (problem+json, cloudevents+json) are not accepted: none is an envelope.
 */
final class JsonMediaType {
    private static final String JSON = "application/json";

    private JsonMediaType() {
    }

    /** 415 unless {@code contentType} is {@code application/json} in UTF-8. */
    static void require(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("The request has no Content-Type; send application/json");
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        if (!type.equalsIgnoreCase(JSON)) {
            throw unsupported("Content-Type " + TextRules.echo(type) + " is not accepted; send application/json");
        }
        while (semicolon >= 0) {
            int next = contentType.indexOf(';', semicolon + 1);
            String parameter = (next < 0 ? contentType.substring(semicolon + 1) : contentType.substring(semicolon + 1, next)).strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(equals + 1).strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw unsupported("charset " + TextRules.echo(charset) + " is not accepted: JSON is UTF-8 (RFC 8259)");
                }
            }
            semicolon = next;
        }
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(415, "Unsupported media type", detail, List.of());
    }
}

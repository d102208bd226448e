package io.arbiter.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem detail, served as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<?> errors) {
    static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    /** A problem about one part of the request: {@code field} (null: none) is named in {@code errors} with the detail. */
    static Problem ofField(int status, String title, String detail, String field) {
        return new Problem("about:blank", title, status, detail, field == null ? null : List.of(new FieldError(field, detail)));
    }

    /** A field of the request that is missing or wrong; {@code field} is a JSON path like {@code attributes.amount}. */
    public record FieldError(String field, String message) {
    }
}

package io.arbiter.api;

import io.arbiter.decision.Outcome;

import java.time.Instant;
import java.util.Arrays;

/**
 * Query-parameter and form values as the endpoints take them: blank is absent, and a value of the
 * wrong kind is 400 naming the field. One place, so every endpoint words the same mistake the same way.
 */
final class RequestValues {
    private static final String OUTCOMES = Arrays.toString(Outcome.values()).replaceAll("[\\[\\]]", "");

    private RequestValues() {
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static Instant instant(String field, String value) {
        return Instants.parse(field, value);
    }

    static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badField(field, "not a whole number");
        }
    }

    /** A page size: absent is {@code fallback}; else between 1 and {@code max}. */
    static int limit(String field, String value, int fallback, int max) {
        Integer size = integer(field, value);
        if (size != null && (size < 1 || size > max)) {
            throw ProblemException.badField(field, "must be between 1 and " + max);
        }
        return size == null ? fallback : size;
    }

    /** A cursor this service returned (a sequence number), or null for the first page. */
    static Long cursor(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badField(field, "not a cursor returned by this endpoint");
        }
    }

    /** An {@link Outcome}'s name, as the audit log stores it. */
    static String outcome(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Outcome.valueOf(value).name();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField(field, "one of " + OUTCOMES);
        }
    }

    /**
     * A JSON value as a service takes it typed: a number as an exact decimal, true/false, text, null;
     * anything else as its JSON text (which the service then refuses, naming the field).
     */
    static Object scalar(com.fasterxml.jackson.databind.JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.toString();
    }
}

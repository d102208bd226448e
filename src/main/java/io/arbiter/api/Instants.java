package io.arbiter.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Instants in requests: ISO-8601 as {@link Instant#parse} reads them (an offset is converted to
 * UTC), with a four-digit year, 0001 to 9999 as RFC 3339 has it. {@code Instant} itself reaches a
 * billion years, which PostgreSQL's timestamps (4713 BC to 294276 AD) cannot hold: a query, export,
 * verify or simulation window out there would fail in the database instead of being refused here.
 */
final class Instants {
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Instants() {
    }

    /** {@code value} as an instant, null when absent or blank; 400 naming {@code field} when it is not one we keep. */
    static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badField(field, "not an ISO-8601 instant such as 2026-11-22T10:15:30Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.badField(field, "out of range: instants lie between " + EARLIEST + " and 9999-12-31T23:59:59Z");
        }
        return instant;
    }
}

package io.arbiter.ruleset;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * DATE-EFFECTIVE / DATE-EXPIRES: analysts write ISO dates ({@code 2026-12-01} is midnight UTC) or
 * instants; rules carry them in the one unambiguous format Drools is configured with.
 */
final class Dates {
    /**
     * Drools reads this once, at class initialisation: {@link RuleSetCompiler} sets it before using
     * Drools. Milliseconds, because the session clock counts them and {@link #effectiveForDrools}
     * needs the millisecond before a row's start.
     */
    static final String DROOLS_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
    private static final DateTimeFormatter DROOLS_DATE = DateTimeFormatter.ofPattern(DROOLS_DATE_FORMAT, Locale.ROOT);

    /** The range of dates a rule may carry: Drools keeps them as epoch milliseconds in four-digit-year text. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private Dates() {
    }

    /** An ISO date (midnight UTC), an ISO instant with offset, or a local date-time read as UTC. */
    static Instant parseIsoInstant(String value) {
        String v = value.strip();
        if (v.length() == 10) {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        }
    }

    /** A DATE-EXPIRES instant as Drools reads it: a row has expired from that instant on. */
    static String forDrools(Instant instant) {
        return DROOLS_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    /**
     * A DATE-EFFECTIVE instant as Drools must read it for the row to be in effect <em>from</em> that
     * instant: Drools takes a rule as effective only strictly after its date-effective, so it is
     * written one millisecond — the session clock's unit — earlier. {@code 2026-12-01} then decides
     * a command stamped at midnight exactly, as analysts read it.
     */
    static String effectiveForDrools(Instant instant) {
        return forDrools(instant.minusMillis(1));
    }
}

package io.arbiter.decision;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * A signal's contract: its name, its type (and, for a LEVEL signal, its levels in rising order),
 * and how old an observation may be before the signal is stale. A stale or missing signal never
 * satisfies a condition on its value.
 */
public record SignalDeclaration(String name, SignalType type, List<String> levels, Duration maxAge) {

    public SignalDeclaration {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /**
     * The value an observation carries, as decide compares it: a {@link BigDecimal} for NUMBER, a
     * {@link Boolean} for BOOLEAN, one of the levels (as declared) for LEVEL. {@code raw} is what
     * JSON gave: a number, a boolean or a string.
     */
    public Object value(Object raw) {
        if (raw == null) {
            throw new SignalRejectedException("value", "A value is required: " + expected());
        }
        return switch (type) {
            case NUMBER -> {
                if (!(raw instanceof Number n)) {
                    throw wrong(raw);
                }
                yield n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
            }
            case BOOLEAN -> {
                if (!(raw instanceof Boolean b)) {
                    throw wrong(raw);
                }
                yield b;
            }
            case LEVEL -> {
                if (!(raw instanceof String s) || !levels.contains(s)) {
                    throw wrong(raw);
                }
                yield s;
            }
        };
    }

    /** The value's stored and reported text: a plain number, true/false, or the level. */
    public static String text(Object value) {
        return value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    /** {@link #value} of a stored {@link #text}. */
    public Object parse(String text) {
        return switch (type) {
            case NUMBER -> new BigDecimal(text);
            case BOOLEAN -> Boolean.valueOf(text);
            case LEVEL -> text;
        };
    }

    private SignalRejectedException wrong(Object raw) {
        String given = raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
        return new SignalRejectedException("value", "Signal '" + name + "' takes " + expected() + "; " + given + " is not one");
    }

    private String expected() {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case LEVEL -> "one of " + String.join(", ", levels) + " (a string)";
        };
    }
}

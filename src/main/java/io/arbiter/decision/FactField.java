package io.arbiter.decision;

import java.util.Objects;
import java.util.function.Function;

/**
 * One field a decision table may test, as {@link FactModel} declares it.
 *
 * @param name        the field's name in the decide request and, for text and numbers, in conditions
 * @param type        how conditions compare it
 * @param sent        true when the caller sends it, false when Arbiter derives it (as the bucket)
 * @param text        reads text the caller sends from the request or the envelope; null for other fields
 * @param maxLength   the most characters a caller may send in {@code text}; 0 for other fields
 * @param required    true when a decide request without it is refused
 * @param example     a value as the analyst guide and OpenAPI show it
 * @param description what it means, in one phrase that serves analysts and API callers alike
 */
public record FactField(String name, FactType type, boolean sent, Function<CommandFields, String> text, int maxLength,
                        boolean required, String example, String description) {
    /** What a condition writes to test one attribute: {@code attr("name")}, {@link Command#attr(String)}. */
    static final String ATTRIBUTE_TERM = "attr";
    /** What a condition writes to test one signal: {@code signal("name")}, a {@link SignalCondition.Compare}. */
    public static final String SIGNAL_TERM = "signal";
    /** What a condition writes to test that a signal is stale or missing: {@code stale("name")}, a {@link SignalCondition.Stale}. */
    public static final String STALE_TERM = "stale";

    public FactField {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(example);
        Objects.requireNonNull(description);
        // Text a caller sends is read, limited and checked field by field; nothing else has an accessor to misuse.
        if ((text != null) != (sent && type == FactType.TEXT) || (text != null) != (maxLength > 0)) {
            throw new IllegalArgumentException(name + ": text a caller sends has an accessor and a length; nothing else has");
        }
        if (required && text == null) {
            throw new IllegalArgumentException(name + ": only text a caller sends can be required");
        }
    }

    /** Text the caller sends, optional, at most {@code maxLength} characters. */
    static FactField text(String name, Function<CommandFields, String> text, int maxLength, String example, String description) {
        return new FactField(name, FactType.TEXT, true, text, maxLength, false, example, description);
    }

    /** A value Arbiter works out for each command; the caller cannot send it. */
    static FactField derived(String name, FactType type, String example, String description) {
        return new FactField(name, type, false, null, 0, false, example, description);
    }

    /** The caller's free-form attributes, tested one by name; their limits are the request reader's. */
    static FactField attributes(String example, String description) {
        return new FactField("attributes", FactType.ATTRIBUTES, true, null, 0, false, example, description);
    }

    /** This field, refused when a request does not send it. */
    FactField mandatory() {
        return new FactField(name, type, sent, text, maxLength, true, example, description);
    }

    /** The word a condition starts with to test this field: its name, {@code attr} for attributes, {@code signal} for signals. */
    public String term() {
        return switch (type) {
            case ATTRIBUTES -> ATTRIBUTE_TERM;
            case SIGNAL -> SIGNAL_TERM;
            default -> name;
        };
    }

    /** How a condition names this field: {@code market}, {@code bucket}, {@code attr("name")}, {@code signal("name")}. */
    public String condition() {
        return switch (type) {
            case ATTRIBUTES, SIGNAL -> term() + "(\"name\")";
            default -> name;
        };
    }

    /** True for text the caller sends: read by {@link #text()}, limited to {@link #maxLength()}. */
    public boolean sentAsText() {
        return text != null;
    }
}

package io.arbiter.ruleset;

import io.arbiter.decision.SignalDeclaration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CONDITION column's template and how a cell fills it — the three forms the analyst guide
 * documents, nothing else:
 * <ul>
 *   <li>{@code "$param"} stands for text: the cell is plain text ({@code market == "$param"});</li>
 *   <li>{@code $param} stands for a number, or for {@code true}/{@code false} where a BOOLEAN signal is
 *       compared ({@code bucket < $param}, {@code signal("payments.up") == $param});</li>
 *   <li>{@code forall(||){…"$"…}} (or {@code &&}) repeats its body for each comma-separated value
 *       of the cell, joined by {@code ||} ({@code &&}).</li>
 * </ul>
 * The template is read by the {@link ConditionGrammar} with its placeholders in place, and the
 * grammar says what they stand for: text, a number, true or false, one of a LEVEL signal's levels,
 * or a declared signal's name ({@code stale("$param")}). Each cell is checked for that, and the
 * filled constraints are read again, so a mistake in a cell is the cell's error.
 */
final class ConditionTemplate {
    private static final Pattern FORALL = Pattern.compile("forall\\s*\\((\\|\\||&&)\\)\\s*\\{(.*)}", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}(\\.\\d{1,9})?");

    private final String template;
    private final String body;
    /** {@code " || "} or {@code " && "} for a forall template; null for one value per cell. */
    private final String joiner;
    private final ConditionGrammar.Placeholder slot;
    private final Map<String, SignalDeclaration> signals;

    private ConditionTemplate(String template, String body, String joiner, ConditionGrammar.Placeholder slot,
                              Map<String, SignalDeclaration> signals) {
        this.template = template;
        this.body = body;
        this.joiner = joiner;
        this.slot = slot;
        this.signals = signals;
    }

    /**
     * The template of a column, or IllegalArgumentException saying what is not allowed. {@code signals}:
     * the declared signals (null: any name, typed by its literal).
     */
    static ConditionTemplate parse(String template, Map<String, SignalDeclaration> signals) {
        String t = template.strip();
        Matcher forall = FORALL.matcher(t);
        if (forall.matches()) {
            String body = forall.group(2).strip();
            String rest = body.replace("\"$\"", "").replaceAll("\\$(?![A-Za-z0-9_])", "");
            if (rest.contains("$") || !body.contains("$")) {
                throw new IllegalArgumentException("inside forall, \"$\" stands for each text value and $ for each number");
            }
            return new ConditionTemplate(t, body, " " + forall.group(1) + " ", slot(body, "$", signals), signals);
        }
        if (!t.contains("$param")) {
            throw new IllegalArgumentException("a condition template holds a placeholder: \"$param\" for text, $param for a"
                    + " number, or forall(||){…\"$\"…} for a list");
        }
        if (t.replace("$param", "").contains("$")) {
            throw new IllegalArgumentException("a placeholder may only stand for a whole literal: \"$param\" for text, $param for a number");
        }
        return new ConditionTemplate(t, t, null, slot(t, "$param", signals), signals);
    }

    /** What the template's placeholders stand for: one kind of value, since one cell fills them all. */
    private static ConditionGrammar.Placeholder slot(String body, String placeholder, Map<String, SignalDeclaration> signals) {
        List<ConditionGrammar.Placeholder> slots = ConditionGrammar.template(body, placeholder, signals).placeholders();
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a placeholder may only stand for a whole literal: \"" + placeholder + "\" for text, "
                    + placeholder + " for a number");
        }
        if (slots.stream().distinct().count() > 1) {
            throw new IllegalArgumentException("one cell fills every placeholder, so they must stand for the same kind of value");
        }
        return slots.get(0);
    }

    /** The template as the analyst wrote it. */
    String text() {
        return template;
    }

    /** The constraint for a cell, or IllegalArgumentException saying what the cell must be. */
    String fill(String cell) {
        String value = cell.strip();
        String constraint;
        if (joiner == null) {
            constraint = fill(body, "\"$param\"", "$param", require(value));
        } else {
            List<String> each = new ArrayList<>();
            for (String item : value.split(",", -1)) {
                String v = item.strip();
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("is a list with an empty value: separate values by single commas");
                }
                each.add(fill(body, "\"$\"", "$", require(v)));
            }
            constraint = each.size() == 1 ? each.get(0) : "(" + String.join(joiner, each) + ")";
        }
        // Read again, with the signals: whatever a value did to the template is the cell's error, not the row's.
        ConditionGrammar.constraints(constraint, signals);
        return constraint;
    }

    /** The template with {@code quoted} replaced by the value in quotes, then {@code bare} by the value. */
    private static String fill(String template, String quoted, String bare, String value) {
        String once = template.replace(quoted, "\u0001");
        once = bare.equals("$") ? once.replaceAll("\\$(?![A-Za-z0-9_])", Matcher.quoteReplacement(value)) : once.replace(bare, value);
        return once.replace("\u0001", "\"" + value + "\"");
    }

    /** The value checked for what the placeholder stands for. */
    private String require(String value) {
        return switch (slot.slot()) {
            case TEXT -> requireText(value);
            case NUMBER -> requireNumber(value);
            case BOOLEAN -> requireBoolean(value);
            case NUMBER_OR_BOOLEAN -> NUMBER.matcher(value).matches() ? value : requireBoolean(value);
            case LEVEL -> {
                if (!slot.options().contains(value)) {
                    throw new IllegalArgumentException("must be one of the signal's levels: " + String.join(", ", slot.options()));
                }
                yield value;
            }
            case SIGNAL -> {
                requireText(value);
                if (slot.options() != null && !slot.options().contains(value)) {
                    throw new IllegalArgumentException("'" + value + "' is not a declared signal; " + (slot.options().isEmpty()
                            ? "this service declares none" : "declared signals are " + String.join(", ", slot.options())));
                }
                yield value;
            }
        };
    }

    private static String requireText(String value) {
        if (!CellText.literal(value) || CellText.problem(value) != null) {
            throw new IllegalArgumentException(CellText.LITERAL_RULE);
        }
        return value;
    }

    private static String requireNumber(String value) {
        if (!NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a number");
        }
        return value;
    }

    private static String requireBoolean(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }
}

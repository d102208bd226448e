package io.arbiter.ruleset;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CONDITION column's template and how a cell fills it — the three forms the analyst guide
 * documents, nothing else:
 * <ul>
 *   <li>{@code "$param"} stands for text: the cell is plain text ({@code market == "$param"});</li>
 *   <li>{@code $param} stands for a number: the cell is a number ({@code bucket < $param});</li>
 *   <li>{@code forall(||){…"$"…}} (or {@code &&}) repeats its body for each comma-separated value
 *       of the cell, joined by {@code ||} ({@code &&}).</li>
 * </ul>
 * The template, with its placeholders standing for literals, must be in the {@link ConditionGrammar};
 * a filled template is pasted into the row's {@code Command(…)} pattern, which is checked again.
 */
final class ConditionTemplate {
    private static final Pattern FORALL = Pattern.compile("forall\\s*\\((\\|\\||&&)\\)\\s*\\{(.*)}", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}(\\.\\d{1,9})?");

    private enum Kind { TEXT, NUMBER, LIST }

    private final String template;
    private final Kind kind;
    private final String body;
    private final String joiner;
    private final boolean numbers;

    private ConditionTemplate(String template, Kind kind, String body, String joiner, boolean numbers) {
        this.template = template;
        this.kind = kind;
        this.body = body;
        this.joiner = joiner;
        this.numbers = numbers;
    }

    /** The template of a column, or IllegalArgumentException saying what is not allowed. */
    static ConditionTemplate parse(String template) {
        String t = template.strip();
        Matcher forall = FORALL.matcher(t);
        if (forall.matches()) {
            String body = forall.group(2).strip();
            String rest = body.replace("\"$\"", "").replaceAll("\\$(?![A-Za-z0-9_])", "");
            if (rest.contains("$") || !body.contains("$")) {
                throw new IllegalArgumentException("inside forall, \"$\" stands for each text value and $ for each number");
            }
            check(fill(body, "\"$\"", "$", "0"));
            return new ConditionTemplate(t, Kind.LIST, body, " " + forall.group(1) + " ", bare(body, "$"));
        }
        if (!t.contains("$param")) {
            throw new IllegalArgumentException("a condition template holds a placeholder: \"$param\" for text, $param for a"
                    + " number, or forall(||){…\"$\"…} for a list");
        }
        if (t.replace("$param", "").contains("$")) {
            throw new IllegalArgumentException("a placeholder may only stand for a whole literal: \"$param\" for text, $param for a number");
        }
        check(fill(t, "\"$param\"", "$param", "0"));
        return new ConditionTemplate(t, bare(t, "$param") ? Kind.NUMBER : Kind.TEXT, t, null, false);
    }

    /** The template as the analyst wrote it. */
    String text() {
        return template;
    }

    /** The constraint for a cell, or IllegalArgumentException saying what the cell must be. */
    String fill(String cell) {
        String value = cell.strip();
        return switch (kind) {
            case TEXT -> fill(body, "\"$param\"", "$param", requireText(value));
            case NUMBER -> fill(body, "\"$param\"", "$param", requireNumber(value));
            case LIST -> {
                List<String> each = new ArrayList<>();
                for (String item : value.split(",", -1)) {
                    String v = item.strip();
                    if (v.isEmpty()) {
                        throw new IllegalArgumentException("is a list with an empty value: separate values by single commas");
                    }
                    each.add(fill(body, "\"$\"", "$", numbers ? requireNumber(v) : requireText(v)));
                }
                yield each.size() == 1 ? each.get(0) : "(" + String.join(joiner, each) + ")";
            }
        };
    }

    /** The template with {@code quoted} replaced by the value in quotes, then {@code bare} by the value. */
    private static String fill(String template, String quoted, String bare, String value) {
        String once = template.replace(quoted, "\u0001");
        once = bare.equals("$") ? once.replaceAll("\\$(?![A-Za-z0-9_])", Matcher.quoteReplacement(value)) : once.replace(bare, value);
        return once.replace("\u0001", "\"" + value + "\"");
    }

    /** True when the placeholder also appears outside quotes (so the cell must be a number). */
    private static boolean bare(String template, String placeholder) {
        String unquoted = template.replace("\"" + placeholder + "\"", "");
        return placeholder.equals("$") ? unquoted.matches("(?s).*\\$(?![A-Za-z0-9_]).*") : unquoted.contains(placeholder);
    }

    private static void check(String constraints) {
        String problem = ConditionGrammar.checkConstraints(constraints);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
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
}

package io.arbiter.ruleset;

import io.arbiter.decision.Acceptance;
import io.arbiter.decision.FailureContract;
import io.arbiter.decision.Mode;
import io.arbiter.decision.Route;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ACTION column: the one route field it sets ({@code route.owner("$param");}). The rule's
 * consequence is written from the field and the cell's value, never from the template's text.
 */
record RouteAction(String field) {
    static final Set<String> FIELDS = Set.of("owner", "implementation", "mode", "acceptance", "translation",
            "failureContract", "destination", "reason");
    private static final Pattern TEMPLATE = Pattern.compile("route\\s*\\.\\s*([A-Za-z]+)\\s*\\(\\s*\"\\$param\"\\s*\\)\\s*;?");

    /** The action of a column template, or IllegalArgumentException saying what is allowed. */
    static RouteAction parse(String template) {
        Matcher m = TEMPLATE.matcher(template.strip());
        if (!m.matches() || !FIELDS.contains(m.group(1))) {
            throw new IllegalArgumentException("an action sets one route field, e.g. route.owner(\"$param\"); — one of "
                    + new TreeSet<>(FIELDS));
        }
        return new RouteAction(m.group(1));
    }

    /** Checks a cell for this field: plain text, and for mode/acceptance/failureContract a known value. */
    void check(String value) {
        if (!CellText.literal(value)) {
            throw new IllegalArgumentException(CellText.LITERAL_RULE);
        }
        Class<? extends Enum<?>> type = switch (field) {
            case "mode" -> Mode.class;
            case "acceptance" -> Acceptance.class;
            case "failureContract" -> FailureContract.class;
            default -> null; // any plain text
        };
        if (type != null) {
            requireConstant(type, value);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void requireConstant(Class type, String value) {
        try {
            Route.parse(type, field, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a " + field + "; expected one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The consequence line for a checked value. */
    String render(String value) {
        return "route." + field + "(\"" + value + "\");";
    }
}

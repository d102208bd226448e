package io.arbiter.decision;

import java.util.List;

/**
 * What kind of value a {@link FactField} holds, and so how a condition may compare it. The
 * condition grammar and the cell checks of a CONDITION column follow from it: a field is only
 * ever compared in the ways its type lists, with a literal of its kind.
 */
public enum FactType {
    /** Text: {@code market == "EU"}, {@code market != "EU"}. */
    TEXT("text", false, List.of("==", "!=")),
    /** A number: {@code bucket < 20} and the other orderings. */
    NUMBER("number", true, List.of("==", "!=", "<", "<=", ">", ">=")),
    /** Named text values, tested one name at a time: {@code attr("dataResidency") == "restricted"}. */
    ATTRIBUTES("text by name", false, List.of("==", "!=")),
    /**
     * Live signals, tested one by name as their declaration types them: a NUMBER with any of the
     * six comparisons ({@code signal("fulfillment-planner.lag") < 5000}), a BOOLEAN with {@code true}
     * or {@code false} and a LEVEL with one of its levels in quotes by {@code ==} or {@code !=};
     * {@code stale("name")} on its own tests that a signal cannot be trusted.
     */
    SIGNAL("signal by name", false, List.of("==", "!=", "<", "<=", ">", ">="));

    private final String label;
    private final boolean numeric;
    private final List<String> comparisons;

    FactType(String label, boolean numeric, List<String> comparisons) {
        this.label = label;
        this.numeric = numeric;
        this.comparisons = comparisons;
    }

    /** How the analyst guide names the type. */
    public String label() {
        return label;
    }

    /** True when a condition compares the field with a number ({@code $param}), false for text ({@code "$param"}). */
    public boolean numeric() {
        return numeric;
    }

    /** The operators a condition may compare the field with, in the order the guide lists them. */
    public List<String> comparisons() {
        return comparisons;
    }

    /** The comparisons as a sentence: "==, !=, <, <=, > or >=". */
    public String comparisonsInWords() {
        int last = comparisons.size() - 1;
        return String.join(", ", comparisons.subList(0, last)) + " or " + comparisons.get(last);
    }
}

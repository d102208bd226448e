package io.arbiter.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * What table actions and DRL consequences call to propose a route: {@code route.owner("order-management")}.
 *
 * <p>Every row whose command fields match fires and records a proposal; {@link RouteResolver} then
 * keeps the first row of each table whose signal columns hold and applies tables in precedence order. Keeping first-match out of the Drools
 * agenda makes it exact and independent of session reuse.
 *
 * <p>One instance per evaluation session; not thread-safe.
 */
public final class Route {
    private final List<Proposal> proposals = new ArrayList<>();
    private Proposal current;

    /**
     * Called by the engine before a row's actions run; {@code signals} is the row's signal columns
     * (null: none), which {@link RouteResolver} tests when it considers the row.
     */
    public void begin(RuleRow row, SignalCondition signals) {
        current = new Proposal(row, signals);
        proposals.add(current);
    }

    /** Drops the last evaluation's proposals. */
    public void reset() {
        proposals.clear();
        current = null;
    }

    public List<Proposal> proposals() {
        return List.copyOf(proposals);
    }

    public void owner(String value) {
        current().owner = required("owner", value);
    }

    public void implementation(String value) {
        current().implementation = required("implementation", value);
    }

    public void mode(String value) {
        current().mode = parse(Mode.class, "mode", value);
    }

    public void acceptance(String value) {
        current().acceptance = parse(Acceptance.class, "acceptance", value);
    }

    public void translation(String value) {
        current().translation = required("translation", value);
    }

    public void failureContract(String value) {
        current().failureContract = parse(FailureContract.class, "failureContract", value);
    }

    public void destination(String value) {
        current().destination = required("destination", value);
    }

    /** A sentence an analyst wrote to explain the row; returned among the decision's reasons. */
    public void reason(String value) {
        current().reason = required("reason", value);
    }

    private Proposal current() {
        if (current == null) {
            throw new IllegalStateException("route.* called outside a rule consequence");
        }
        return current;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value.strip();
    }

    /** Parses an enum value as analysts write it: any case, with spaces or hyphens for underscores. */
    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        String normalized = required(field, value).toUpperCase(java.util.Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(normalized)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a " + field + "; expected one of "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }

    /** What one matching row proposed. Unset fields are null. */
    public static final class Proposal {
        final RuleRow row;
        /** The row's signal columns, or null: the row proposes only if they hold. */
        final SignalCondition signals;
        String owner;
        String implementation;
        Mode mode;
        Acceptance acceptance;
        String translation;
        FailureContract failureContract;
        String destination;
        String reason;

        Proposal(RuleRow row, SignalCondition signals) {
            this.row = row;
            this.signals = signals;
        }

        public RuleRow row() {
            return row;
        }

        /** What this row set, for an analyst: {@code owner=order-management, mode=DIRECT}. */
        String describe() {
            StringBuilder sb = new StringBuilder();
            append(sb, "owner", owner);
            append(sb, "implementation", implementation);
            append(sb, "mode", mode);
            append(sb, "acceptance", acceptance);
            append(sb, "translation", translation);
            append(sb, "failureContract", failureContract);
            append(sb, "destination", destination);
            return sb.length() == 0 ? "nothing" : sb.toString();
        }

        private static void append(StringBuilder sb, String name, Object value) {
            if (value != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(value);
            }
        }
    }
}

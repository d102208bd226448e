package io.arbiter.decision;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signal part of a table row's condition: its {@code signal("name") < 5000} and {@code stale("name")}
 * columns, tested by Arbiter after the engine has matched the row's command fields, not by the engine.
 *
 * <p>Why beside the engine: a signal term in the DRL was a method-call constraint Drools evaluated
 * in its interpreter with its literal converted each time (tens of microseconds for ten signals, see
 * BENCHMARKS.md "Signals in conditions"). Here each literal is parsed once, when the revision is
 * compiled, each signal is read by its place in the revision's {@link SignalReadings}, and only the
 * rows {@link RouteResolver} actually considers are tested — so the signals a decision consulted,
 * its {@code SIGNAL}/{@code STALE_SIGNAL} reasons, are exactly those its winning rows and the rows
 * skipped above them looked at.
 *
 * <p>{@code &&} and {@code ||} short-circuit left to right, as they did in the DRL. A comparison
 * holds only on a fresh reading of its type: a stale, missing or mistyped signal never satisfies
 * one, not even {@code !=}.
 */
public sealed interface SignalCondition {

    /** Holds for these readings; marks in {@code consulted} (by place) each signal it looked at. */
    boolean holds(SignalReadings readings, boolean[] consulted);

    /** The same condition reading each signal at its place in {@code names} (a revision's sorted signal names). */
    SignalCondition bind(List<String> names);

    /** The names of the signals it tests, in order. */
    default Set<String> signals() {
        Set<String> names = new TreeSet<>();
        collect(this, names);
        return names;
    }

    private static void collect(SignalCondition condition, Set<String> names) {
        if (condition instanceof All all) {
            all.parts().forEach(p -> collect(p, names));
        } else if (condition instanceof Any any) {
            any.parts().forEach(p -> collect(p, names));
        } else if (condition instanceof Stale stale) {
            names.add(stale.name());
        } else if (condition instanceof Compare compare) {
            names.add(compare.name());
        }
    }

    /** Every part holds (the row's columns, or {@code &&}). */
    record All(List<SignalCondition> parts) implements SignalCondition {
        public All {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean holds(SignalReadings readings, boolean[] consulted) {
            for (SignalCondition part : parts) {
                if (!part.holds(readings, consulted)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public SignalCondition bind(List<String> names) {
            return new All(bound(parts, names));
        }
    }

    /** Some part holds ({@code ||}). */
    record Any(List<SignalCondition> parts) implements SignalCondition {
        public Any {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean holds(SignalReadings readings, boolean[] consulted) {
            for (SignalCondition part : parts) {
                if (part.holds(readings, consulted)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public SignalCondition bind(List<String> names) {
            return new Any(bound(parts, names));
        }
    }

    /** {@code stale("name")}: the signal is stale or was never observed — the safe default's test. */
    record Stale(String name, int place) implements SignalCondition {
        public Stale(String name) {
            this(name, -1);
        }

        @Override
        public boolean holds(SignalReadings readings, boolean[] consulted) {
            consulted[place] = true;
            return readings.get(place).stale();
        }

        @Override
        public SignalCondition bind(List<String> names) {
            return new Stale(name, placeOf(name, names));
        }
    }

    /**
     * {@code signal("name") op literal}: the literal is a {@link BigDecimal} (any comparison), a
     * {@link Boolean} or a level's text ({@code ==}, {@code !=}), as the signal's declaration types it.
     */
    record Compare(String name, Comparison op, Object literal, int place) implements SignalCondition {
        public Compare(String name, Comparison op, Object literal) {
            this(name, op, literal, -1);
        }

        @Override
        public boolean holds(SignalReadings readings, boolean[] consulted) {
            consulted[place] = true;
            SignalReading r = readings.get(place);
            if (r.stale()) {
                return false;
            }
            Object value = r.value();
            if (literal instanceof BigDecimal number) {
                return value instanceof BigDecimal v && op.holds(v.compareTo(number));
            }
            return value != null && value.getClass() == literal.getClass() && op.holds(value.equals(literal) ? 0 : 1);
        }

        @Override
        public SignalCondition bind(List<String> names) {
            return new Compare(name, op, literal, placeOf(name, names));
        }
    }

    /** The six comparisons, on the sign of {@code value.compareTo(literal)} (or 0/1 for equal/different). */
    enum Comparison {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("'" + symbol + "' is not a comparison");
        }

        boolean holds(int sign) {
            return switch (this) {
                case EQ -> sign == 0;
                case NE -> sign != 0;
                case LT -> sign < 0;
                case LE -> sign <= 0;
                case GT -> sign > 0;
                case GE -> sign >= 0;
            };
        }
    }

    private static List<SignalCondition> bound(List<SignalCondition> parts, List<String> names) {
        List<SignalCondition> out = new ArrayList<>(parts.size());
        parts.forEach(p -> out.add(p.bind(names)));
        return out;
    }

    private static int placeOf(String name, List<String> names) {
        int place = names.indexOf(name);
        if (place < 0) {
            throw new IllegalStateException("signal '" + name + "' is not among the revision's " + names);
        }
        return place;
    }
}

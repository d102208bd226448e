package io.arbiter.bench;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Observation;
import io.arbiter.decision.Route;
import io.arbiter.decision.RouteResolver;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.RuleRow;
import io.arbiter.decision.SignalCondition;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalReadings;
import io.arbiter.signals.SignalBoard;
import io.arbiter.decision.SignalSnapshot;
import io.arbiter.decision.SignalType;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetCompiler;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.ruleset.TestSignals;
import io.arbiter.simulation.SimulatorCli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * In-process cost that signals in conditions add to one decision: the 1,000-row table of
 * {@link DecideBenchmark}, once as it is and once with the same rows each also testing 10 declared
 * signals (4 NUMBER, 3 LEVEL, 3 BOOLEAN), compiled in the same JVM and measured on the same commands.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:exec -Pbench -Dbench.main=io.arbiter.bench.SignalBenchmark}
 * (see BENCHMARKS.md). Each measured decision is the decide path's part that signals touch: the
 * board's readings of the revision's signals ({@link SignalBoard#readings}, free for a revision
 * testing none, handed again while nothing they show changed) and {@link CompiledRuleSet#evaluate},
 * which tests the matched rows' signal columns and names each consulted signal among the reasons.
 * The variants run in turn, decision by decision, their order rotated, so the machine's drift
 * reaches all alike. Beside the two: the readings alone (handed again, and read afresh), the
 * decision with readings read afresh every time (what a decision pays right after the snapshot
 * changed or an age ticked), and a control table whose rows hold 10 more conditions on a fact
 * field instead of the signals — what 10 more conditions a row cost the engine.
 *
 * <p>Every signal is fresh and holds the value its cells ask for, so both tables decide every
 * command alike (checked before measuring): the difference is what signals cost, not another route.
 */
public final class SignalBenchmark {
    static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    /** One declared signal, the condition every row holds on it, and the value the snapshot gives it. */
    record Signal(SignalDeclaration declaration, String template, String cell, Object value) {
        static Signal number(String name) {
            return new Signal(new SignalDeclaration(name, SignalType.NUMBER, List.of(), Duration.ofMinutes(2)),
                    "signal(\"" + name + "\") < $param", "5000", new BigDecimal("1200"));
        }

        static Signal level(String name) {
            return new Signal(new SignalDeclaration(name, SignalType.LEVEL, List.of("LOW", "MEDIUM", "HIGH"), Duration.ofMinutes(15)),
                    "signal(\"" + name + "\") == \"$param\"", "HIGH", "HIGH");
        }

        static Signal flag(String name) {
            return new Signal(new SignalDeclaration(name, SignalType.BOOLEAN, List.of(), Duration.ofSeconds(30)),
                    "signal(\"" + name + "\") == $param", "true", Boolean.TRUE);
        }
    }

    static final List<Signal> SIGNALS = List.of(
            Signal.number("planner.lag"), Signal.number("payments.lag"), Signal.number("stock.lag"), Signal.number("ledger.latency-ms"),
            Signal.level("inventory-confidence.UK"), Signal.level("inventory-confidence.US"), Signal.level("carrier.capacity"),
            Signal.flag("payments.up"), Signal.flag("fraud.up"), Signal.flag("tax.up"));

    public static void main(String[] args) {
        SimulatorCli.quietLogging(); // as the CLI and the service run: Drools logs nothing at WARNING
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;

        // As the service holds them: every declaration (the bundled ones too) in name order, one snapshot of them all.
        Map<String, SignalDeclaration> declared = new HashMap<>(TestSignals.BUNDLED);
        SIGNALS.forEach(s -> declared.put(s.declaration().name(), s.declaration()));
        Map<String, SignalDeclaration> declarations = Collections.unmodifiableMap(new TreeMap<>(declared));
        SignalBoard board = new SignalBoard(declarations);
        List<Observation> observed = new java.util.ArrayList<>();
        for (Signal s : SIGNALS) {
            String name = s.declaration().name();
            observed.add(new Observation(name, s.value(), AT.minusSeconds(5), "push", AT.minusSeconds(600)));
        }
        SignalSnapshot snapshot = board.observeAll(observed);

        RuleSetCompiler compiler = new RuleSetCompiler(declarations);
        List<DecideBenchmark.Row> rows = DecideBenchmark.rows();
        List<DecideBenchmark.Column> signalColumns = SIGNALS.stream()
                .map(s -> new DecideBenchmark.Column(s.template(), s.declaration().name(), s.cell())).toList();
        CompiledRuleSet plain = compiler.compile(1, List.of(new RuleSetFile("bench.drl.csv", DecideBenchmark.csv(rows)))).warmUp(1);
        CompiledRuleSet signalled = compiler.compile(2,
                List.of(new RuleSetFile("bench.drl.csv", DecideBenchmark.csv(rows, signalColumns)))).warmUp(1);
        // The control: the same rows with 10 more conditions on a fact field instead (each holds), so
        // that what signals cost can be told from what 10 more conditions a row cost the engine.
        List<DecideBenchmark.Column> factColumns = new java.util.ArrayList<>();
        for (int k = 0; k < SIGNALS.size(); k++) {
            factColumns.add(new DecideBenchmark.Column("bucket < $param", "Bucket below " + (101 + k), Integer.toString(101 + k)));
        }
        CompiledRuleSet tenMore = compiler.compile(3,
                List.of(new RuleSetFile("bench.drl.csv", DecideBenchmark.csv(rows, factColumns)))).warmUp(1);
        if (!plain.signals().isEmpty() || !tenMore.signals().isEmpty() || signalled.signals().size() != SIGNALS.size()) {
            throw new IllegalStateException("expected 0, 0 and 10 signals, compiled " + plain.signals() + ", " + tenMore.signals()
                    + " and " + signalled.signals());
        }

        // The same table as plain, compiled again after the others: how far two compilations of one
        // table differ here is the floor under which a difference between the tables is noise.
        CompiledRuleSet plainAgain = compiler.compile(4, List.of(new RuleSetFile("bench.drl.csv", DecideBenchmark.csv(rows)))).warmUp(1);

        Command[] commands = DecideBenchmark.commands(10_000);
        List<String> names = signalled.signals();
        // The part of a decision signals add, alone: the resolver over each command's matched rows, with
        // the rows' 10 signal columns tested on the board's readings and the reasons named, against the
        // same rows without signal columns. (The engine's matching is the same DRL either way.)
        List<SignalCondition> compares = new java.util.ArrayList<>();
        for (Signal s : SIGNALS) {
            compares.add(new SignalCondition.Compare(s.declaration().name(), s.declaration().type() == SignalType.NUMBER
                    ? SignalCondition.Comparison.LT : SignalCondition.Comparison.EQ, s.declaration().type() == SignalType.NUMBER
                    ? new BigDecimal(s.cell()) : s.declaration().type() == SignalType.BOOLEAN ? (Object) Boolean.valueOf(s.cell()) : s.cell()));
        }
        SignalCondition tenColumns = new SignalCondition.All(compares).bind(names);
        List<List<Route.Proposal>> withColumns = new java.util.ArrayList<>();
        List<List<Route.Proposal>> withoutColumns = new java.util.ArrayList<>();
        for (Command c : commands) {
            Route with = new Route();
            Route without = new Route();
            for (int r = 0; r < rows.size(); r++) {
                if (rows.get(r).matches(c)) {
                    RuleRow row = new RuleRow("Row " + (r + 1), "bench.drl.csv", null, "Bench ownership", r + 8, 0);
                    with.begin(row, tenColumns);
                    with.owner(rows.get(r).owner());
                    without.begin(row, null);
                    without.owner(rows.get(r).owner());
                }
            }
            withColumns.add(with.proposals());
            withoutColumns.add(without.proposals());
        }
        Path[] paths = {
                i -> plain.evaluate(commands[i], board.readings(plain.signals(), AT), AT),
                i -> signalled.evaluate(commands[i], board.readings(names, AT), AT),
                i -> board.readings(names, AT),
                i -> tenMore.evaluate(commands[i], board.readings(tenMore.signals(), AT), AT),
                i -> SignalReadings.read(snapshot, declarations, names, AT),
                // Read afresh for every decision — what a decision pays when the snapshot just changed or
                // an age ticked (otherwise the board hands the last readings again): the reasons worded anew too.
                i -> signalled.evaluate(commands[i], SignalReadings.read(snapshot, declarations, names, AT), AT),
                i -> plainAgain.evaluate(commands[i], board.readings(plainAgain.signals(), AT), AT),
                i -> RouteResolver.resolve(commands[i].getType(), withoutColumns.get(i), board.readings(plain.signals(), AT)),
                i -> RouteResolver.resolve(commands[i].getType(), withColumns.get(i), board.readings(names, AT))};

        long consulted = 0;
        long reaching = 0;
        for (int i = 0; i < commands.length; i++) {
            RoutingResult a = (RoutingResult) paths[0].decide(i);
            for (int v : new int[] {1, 3, 6, 7, 8}) {
                RoutingResult b = (RoutingResult) paths[v].decide(i);
                if (!a.matchedRules().equals(b.matchedRules()) || !java.util.Objects.equals(a.owner(), b.owner())) {
                    throw new IllegalStateException(commands[i] + " decided " + a.matchedRules() + " by the plain table, "
                            + b.matchedRules() + " by variant " + v);
                }
            }
            RoutingResult fresh = (RoutingResult) paths[5].decide(i);
            if (!fresh.equals(paths[1].decide(i))) {
                throw new IllegalStateException(commands[i] + " decided otherwise with readings read afresh: " + fresh);
            }
            consulted += fresh.reasons().stream().filter(r -> r.startsWith("SIGNAL: ")).count();
            Command c = commands[i];
            reaching += rows.stream().filter(r -> r.matches(c)).count();
        }
        System.out.printf("rows=%d signals=%d: every command decided alike; a decision's reasons name %.1f signals;"
                        + " %.2f rows a decision match on their fields (the first of them has its 10 signal columns tested)%n",
                rows.size(), SIGNALS.size(), consulted / (double) commands.length, reaching / (double) commands.length);

        long sink = 0;
        for (int i = 0; i < 200_000; i++) { // warm-up of every path (JIT, Drools' jitting of constraints)
            for (Path p : paths) {
                sink += p.decide(i % commands.length).hashCode() & 1;
            }
        }
        long[][] nanos = new long[paths.length][measured];
        for (int i = 0; i < measured; i++) {
            int c = i % commands.length;
            for (int k = 0; k < paths.length; k++) {
                int v = (i + k) % paths.length; // rotated: each variant runs at each place in the turn equally often
                long t0 = System.nanoTime();
                Object out = paths[v].decide(c);
                long t1 = System.nanoTime();
                sink += out.hashCode() & 1;
                nanos[v][i] = t1 - t0;
            }
        }
        long[] pairDiff = new long[measured];
        long[] freshDiff = new long[measured];
        long[] floorDiff = new long[measured];
        long[] resolverDiff = new long[measured];
        for (int i = 0; i < measured; i++) {
            pairDiff[i] = nanos[1][i] - nanos[0][i];
            freshDiff[i] = nanos[5][i] - nanos[0][i];
            floorDiff[i] = nanos[6][i] - nanos[0][i];
            resolverDiff[i] = nanos[8][i] - nanos[7][i];
        }
        Arrays.sort(freshDiff);
        Arrays.sort(floorDiff);
        Arrays.sort(resolverDiff);
        for (long[] n : nanos) {
            Arrays.sort(n);
        }
        Arrays.sort(pairDiff);
        System.out.printf("decisions=%d per variant, interleaved (sink %d)%n", measured, sink);
        System.out.printf("without signals        median %.2f us  p99 %.2f us%n", DecideBenchmark.us(nanos[0], 0.50), DecideBenchmark.us(nanos[0], 0.99));
        System.out.printf("with 10 signals        median %.2f us  p99 %.2f us%n", DecideBenchmark.us(nanos[1], 0.50), DecideBenchmark.us(nanos[1], 0.99));
        System.out.printf("  of which readings    median %.2f us  p99 %.2f us  (the board's readings, handed again while unchanged)%n",
                DecideBenchmark.us(nanos[2], 0.50), DecideBenchmark.us(nanos[2], 0.99));
        System.out.printf("  readings read afresh median %.2f us  p99 %.2f us  (SignalReadings.read: a new snapshot, or an age ticked)%n",
                DecideBenchmark.us(nanos[4], 0.50), DecideBenchmark.us(nanos[4], 0.99));
        System.out.printf("with 10 signals, read afresh median %.2f us  p99 %.2f us  (every decision reads and words them anew)%n",
                DecideBenchmark.us(nanos[5], 0.50), DecideBenchmark.us(nanos[5], 0.99));
        System.out.printf("control: 10 field conds median %.2f us  p99 %.2f us  (same rows, bucket < 101..110 instead of signals)%n",
                DecideBenchmark.us(nanos[3], 0.50), DecideBenchmark.us(nanos[3], 0.99));
        System.out.printf("added by signals       median %.2f us (difference of medians), %.2f us (median of per-decision differences)%n",
                DecideBenchmark.us(nanos[1], 0.50) - DecideBenchmark.us(nanos[0], 0.50), DecideBenchmark.us(pairDiff, 0.50));
        System.out.printf("added, read afresh     median %.2f us (difference of medians), %.2f us (median of per-decision differences)%n",
                DecideBenchmark.us(nanos[5], 0.50) - DecideBenchmark.us(nanos[0], 0.50), DecideBenchmark.us(freshDiff, 0.50));
        System.out.printf("noise floor: the plain table compiled again median %.2f us; differs from plain by %.2f us (median of per-decision differences)%n",
                DecideBenchmark.us(nanos[6], 0.50), DecideBenchmark.us(floorDiff, 0.50));
        System.out.printf("the signal work alone: resolver without signal columns median %.3f us, with 10 per row %.3f us:"
                        + " added %.3f us (median of per-decision differences), p99 of differences %.3f us%n",
                DecideBenchmark.us(nanos[7], 0.50), DecideBenchmark.us(nanos[8], 0.50), DecideBenchmark.us(resolverDiff, 0.50),
                DecideBenchmark.us(resolverDiff, 0.99));
        System.out.printf("added by 10 field conds median %.2f us: what the same 10 conditions a row would cost in the engine%n",
                DecideBenchmark.us(nanos[3], 0.50) - DecideBenchmark.us(nanos[0], 0.50));
    }

    /** One measured variant: what it does for command {@code i}, returned so that the JIT cannot drop it. */
    @FunctionalInterface
    interface Path {
        Object decide(int i);
    }

    private SignalBenchmark() {
    }
}

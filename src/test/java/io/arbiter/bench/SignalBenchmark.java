package io.arbiter.bench;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Observation;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalReading;
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
 * readings of the revision's signals from one snapshot ({@code SignalReading.of}, as
 * {@code SignalBoard.readings} calls it, free for a revision testing none), the {@link Command} built
 * with them, and {@link CompiledRuleSet#evaluate} (which also words a reason per consulted signal).
 * The variants run in turn, decision by decision, their order rotated, so the machine's drift
 * reaches all alike. Beside the two: the readings and the command alone, the 10 reasons' wording
 * alone, the command's signal accessors as the terms call them, and a control table whose rows hold 10 more conditions on a fact field instead of the
 * signals — what 10 more conditions a row cost the engine, signals or not.
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
        Map<String, Observation> observed = new HashMap<>();
        for (Signal s : SIGNALS) {
            String name = s.declaration().name();
            observed.put(name, new Observation(name, s.value(), AT.minusSeconds(5), "push", AT.minusSeconds(600)));
        }
        SignalSnapshot snapshot = new SignalSnapshot(observed);

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

        Command[] commands = DecideBenchmark.commands(10_000);
        CommandEnvelope[] envelopes = new CommandEnvelope[commands.length];
        int[] buckets = new int[commands.length];
        for (int i = 0; i < commands.length; i++) {
            envelopes[i] = commands[i].envelope();
            buckets[i] = commands[i].getBucket();
        }
        List<SignalReading> tenReadings = List.copyOf(readings(snapshot, declarations, signalled.signals()).values());
        Command asked = new Command(envelopes[0], buckets[0], readings(snapshot, declarations, signalled.signals()));
        Path[] paths = {
                i -> plain.evaluate(new Command(envelopes[i], buckets[i], readings(snapshot, declarations, plain.signals())), AT),
                i -> signalled.evaluate(new Command(envelopes[i], buckets[i], readings(snapshot, declarations, signalled.signals())), AT),
                i -> new Command(envelopes[i], buckets[i], readings(snapshot, declarations, signalled.signals())).getSignals(),
                i -> tenMore.evaluate(new Command(envelopes[i], buckets[i], readings(snapshot, declarations, tenMore.signals())), AT),
                i -> {
                    int length = 0;
                    for (SignalReading r : tenReadings) {
                        length += r.reason(AT).length();
                    }
                    return length;
                },
                i -> {
                    // What the rows' conditions ask the fact, as many times as a decision's rows ask
                    // it on average (1.45 rows reach the 10 terms; each term asks twice), then the
                    // consulted readings for the reasons.
                    asked.forgetConsulted();
                    int held = 0;
                    for (int row = 0; row < (i % 20 < 9 ? 2 : 1); row++) {
                        for (Signal s : SIGNALS) {
                            String name = s.declaration().name();
                            held += switch (s.declaration().type()) {
                                case NUMBER -> asked.signalNumber(name) != null && asked.signalNumber(name).intValue() < 5000 ? 1 : 0;
                                case LEVEL -> asked.signalLevel(name) != null && asked.signalLevel(name).equals("HIGH") ? 1 : 0;
                                case BOOLEAN -> asked.signalFlag(name) != null && asked.signalFlag(name) ? 1 : 0;
                            };
                        }
                    }
                    return held + asked.consultedSignals().size();
                }};

        long consulted = 0;
        long reaching = 0;
        for (int i = 0; i < commands.length; i++) {
            RoutingResult a = (RoutingResult) paths[0].decide(i);
            for (int v : new int[] {1, 3}) {
                RoutingResult b = (RoutingResult) paths[v].decide(i);
                if (!a.matchedRules().equals(b.matchedRules()) || !java.util.Objects.equals(a.owner(), b.owner())) {
                    throw new IllegalStateException(commands[i] + " decided " + a.matchedRules() + " by the plain table, "
                            + b.matchedRules() + " by variant " + v);
                }
            }
            consulted += ((RoutingResult) paths[1].decide(i)).reasons().stream().filter(r -> r.startsWith("SIGNAL: ")).count();
            Command c = commands[i];
            reaching += rows.stream().filter(r -> r.matches(c)).count();
        }
        System.out.printf("rows=%d signals=%d: every command decided alike; a decision's reasons name %.1f signals;"
                        + " %.2f rows a decision reach their signal conditions (all 10 evaluated each)%n",
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
        for (int i = 0; i < measured; i++) {
            pairDiff[i] = nanos[1][i] - nanos[0][i];
        }
        for (long[] n : nanos) {
            Arrays.sort(n);
        }
        Arrays.sort(pairDiff);
        System.out.printf("decisions=%d per variant, interleaved (sink %d)%n", measured, sink);
        System.out.printf("without signals        median %.2f us  p99 %.2f us%n", DecideBenchmark.us(nanos[0], 0.50), DecideBenchmark.us(nanos[0], 0.99));
        System.out.printf("with 10 signals        median %.2f us  p99 %.2f us%n", DecideBenchmark.us(nanos[1], 0.50), DecideBenchmark.us(nanos[1], 0.99));
        System.out.printf("  of which readings    median %.2f us  p99 %.2f us  (SignalReading.of + Command)%n",
                DecideBenchmark.us(nanos[2], 0.50), DecideBenchmark.us(nanos[2], 0.99));
        System.out.printf("  of which reasons     median %.2f us  p99 %.2f us  (the 10 SIGNAL reasons worded)%n",
                DecideBenchmark.us(nanos[4], 0.50), DecideBenchmark.us(nanos[4], 0.99));
        System.out.printf("  of which the fact    median %.2f us  p99 %.2f us  (Command's signal accessors, as the terms call them)%n",
                DecideBenchmark.us(nanos[5], 0.50), DecideBenchmark.us(nanos[5], 0.99));
        System.out.printf("control: 10 field conds median %.2f us  p99 %.2f us  (same rows, bucket < 101..110 instead of signals)%n",
                DecideBenchmark.us(nanos[3], 0.50), DecideBenchmark.us(nanos[3], 0.99));
        System.out.printf("added by signals       median %.2f us (difference of medians), %.2f us (median of per-decision differences)%n",
                DecideBenchmark.us(nanos[1], 0.50) - DecideBenchmark.us(nanos[0], 0.50), DecideBenchmark.us(pairDiff, 0.50));
        System.out.printf("added by 10 field conds median %.2f us; signals beyond that median %.2f us%n",
                DecideBenchmark.us(nanos[3], 0.50) - DecideBenchmark.us(nanos[0], 0.50),
                DecideBenchmark.us(nanos[1], 0.50) - DecideBenchmark.us(nanos[3], 0.50));
    }

    /** What {@code SignalBoard.readings} does on the decide path: nothing for a revision testing none. */
    static Map<String, SignalReading> readings(SignalSnapshot snapshot, Map<String, SignalDeclaration> declarations, Set<String> names) {
        return names.isEmpty() ? Map.of() : SignalReading.of(snapshot, declarations, names, AT);
    }

    /** One measured variant: what it does for command {@code i}, returned so that the JIT cannot drop it. */
    @FunctionalInterface
    interface Path {
        Object decide(int i);
    }

    private SignalBenchmark() {
    }
}

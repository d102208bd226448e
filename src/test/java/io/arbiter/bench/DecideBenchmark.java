package io.arbiter.bench;

import io.arbiter.ruleset.TestSignals;
import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetCompiler;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.simulation.SimulatorCli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * In-process cost of one decision against a 1,000-row decision table, as median and p99 in µs.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java -Pbench} (see BENCHMARKS.md). The baseline,
 * measured in the same run on the same commands, is a hand-written Java first-match scan over the
 * same 1,000 rows: the cost of the decision logic with no rule engine at all.
 */
public final class DecideBenchmark {
    static final int TYPES = 100;
    static final String[] MARKETS = {"EU", "UK", "US", "JP", "AU", "BR", "IN", "CA"};
    static final String[] CHANNELS = {"web", "store", "marketplace", "app"};

    /** One row: type, market (null = any), channel (null = any), bucket bound (100 = any), owner. */
    record Row(String type, String market, String channel, int bucketBelow, String owner) {
        boolean matches(Command c) {
            return type.equals(c.getType()) && (market == null || market.equals(c.getMarket()))
                    && (channel == null || channel.equals(c.getChannel())) && c.getBucket() < bucketBelow;
        }
    }

    public static void main(String[] args) {
        SimulatorCli.quietLogging(); // as the CLI runs: Drools logs nothing at WARNING
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        List<Row> rows = rows();
        CompiledRuleSet ruleSet = TestSignals.compiler().compile(1, List.of(new RuleSetFile("bench.drl.csv", csv(rows))))
                .warmUp(1);
        Command[] commands = commands(10_000);
        Instant now = Instant.now();

        // Warm-up both paths (JIT, MVEL jitting of constraints).
        for (int i = 0; i < 200_000; i++) {
            Command c = commands[i % commands.length];
            ruleSet.evaluate(c, now);
            scan(rows, c);
        }
        long[] drools = new long[measured];
        long[] baseline = new long[measured];
        long sink = 0;
        for (int i = 0; i < measured; i++) {
            Command c = commands[i % commands.length];
            long t0 = System.nanoTime();
            sink += ruleSet.evaluate(c, now).matchedRules().size();
            long t1 = System.nanoTime();
            sink += scan(rows, c) == null ? 0 : 1;
            long t2 = System.nanoTime();
            drools[i] = t1 - t0;
            baseline[i] = t2 - t1;
        }
        Arrays.sort(drools);
        Arrays.sort(baseline);
        System.out.printf("rows=%d decisions=%d (sink %d)%n", rows.size(), measured, sink);
        System.out.printf("arbiter evaluate   median %.2f us  p99 %.2f us%n", us(drools, 0.50), us(drools, 0.99));
        System.out.printf("java scan baseline median %.2f us  p99 %.2f us%n", us(baseline, 0.50), us(baseline, 0.99));
        System.out.printf("ratio (arbiter / baseline) median %.1fx%n", us(drools, 0.50) / us(baseline, 0.50));
    }

    static double us(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1000.0;
    }

    /** Per type: a few specific market/channel/rollout rows, then a catch-all — 10 rows a type. */
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < TYPES; t++) {
            String type = "Command" + t;
            for (int v = 0; v < 9; v++) {
                rows.add(new Row(type, MARKETS[v % MARKETS.length], v % 3 == 0 ? null : CHANNELS[v % CHANNELS.length],
                        v % 2 == 0 ? 100 : 10 + v * 10, "context-" + t + "-" + v));
            }
            rows.add(new Row(type, null, null, 100, "context-" + t + "-default"));
        }
        return rows;
    }

    static Row scan(List<Row> rows, Command c) {
        for (Row r : rows) {
            if (r.matches(c)) {
                return r;
            }
        }
        return null;
    }

    static byte[] csv(List<Row> rows) {
        return csv(rows, List.of());
    }

    /**
     * A condition column added to every row of the table: its template (a cell's {@code $param} is
     * {@code cell}), its header, and the cell each row holds. SignalBenchmark tests signals this way.
     */
    record Column(String template, String header, String cell) {
    }

    /** The table of {@code rows}, each row also holding every one of {@code extra}'s conditions. */
    static byte[] csv(List<Row> rows, List<Column> extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("RuleSet,io.arbiter.bench\n,\nRuleTable Bench ownership\n");
        sb.append("NAME,CONDITION,CONDITION,CONDITION,CONDITION,");
        extra.forEach(x -> sb.append("CONDITION,"));
        sb.append("ACTION\n");
        sb.append(",c: Command...,c: Command...,c: Command...,c: Command...,");
        extra.forEach(x -> sb.append("c: Command...,"));
        sb.append('\n');
        sb.append(",\"type == \"\"$param\"\"\",\"market == \"\"$param\"\"\",\"channel == \"\"$param\"\"\",bucket < $param,");
        extra.forEach(x -> sb.append(quoted(x.template())).append(','));
        sb.append("\"route.owner(\"\"$param\"\");\"\n");
        sb.append("Rule,Type,Market,Channel,Bucket below,");
        extra.forEach(x -> sb.append(quoted(x.header())).append(','));
        sb.append("Owner\n");
        int i = 0;
        for (Row r : rows) {
            sb.append("Row ").append(++i).append(',').append(r.type()).append(',')
                    .append(r.market() == null ? "" : r.market()).append(',')
                    .append(r.channel() == null ? "" : r.channel()).append(',')
                    .append(r.bucketBelow() == 100 ? "" : Integer.toString(r.bucketBelow())).append(',');
            extra.forEach(x -> sb.append(quoted(x.cell())).append(','));
            sb.append(r.owner()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    static Command[] commands(int n) {
        SplittableRandom random = new SplittableRandom(42);
        Command[] out = new Command[n];
        for (int i = 0; i < n; i++) {
            out[i] = Command.of(new CommandEnvelope("cmd-" + i, "Command" + random.nextInt(TYPES), "order-" + i, "acme",
                    MARKETS[random.nextInt(MARKETS.length)], CHANNELS[random.nextInt(CHANNELS.length)], null, null, null,
                    Map.of(), null, null, null));
        }
        return out;
    }
}

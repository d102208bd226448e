package io.arbiter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.arbiter.decision.Command;
import io.arbiter.decision.RoutingResult;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetCompiler;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.simulation.HistoryReader;
import io.arbiter.simulation.Replayer;
import io.arbiter.simulation.ScenarioHistory;
import io.arbiter.simulation.SimulationReport;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replay throughput over audit-export files of 250,000 and 1,000,000 records against the 1,000-row
 * table of {@link DecideBenchmark}, with peak heap per run: memory must stay flat as input grows.
 * Baseline in the same run: reading and parsing the same file without evaluating (the I/O + JSON floor).
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:exec -Pbench -Dbench.main=io.arbiter.bench.ReplayBenchmark -Dbench.heap=128m}
 */
public final class ReplayBenchmark {
    public static void main(String[] args) throws Exception {
        List<DecideBenchmark.Row> rows = DecideBenchmark.rows();
        CompiledRuleSet ruleSet = new RuleSetCompiler().compile(1,
                List.of(new RuleSetFile("bench.drl.csv", DecideBenchmark.csv(rows)))).warmUp(1);
        Path dir = Files.createDirectories(Path.of("target/bench-replay"));
        for (int count : new int[] {250_000, 1_000_000}) {
            Path file = dir.resolve("history-" + count + ".jsonl");
            if (!Files.exists(file)) {
                write(file, ruleSet, count);
            }
            resetPeaks();
            long t0 = System.nanoTime();
            long lines = 0;
            try (BufferedReader in = Files.newBufferedReader(file)) {
                HistoryReader reader = new HistoryReader(in, Instant.now());
                while (reader.hasNext()) {
                    lines += reader.next().record() == null ? 0 : 1;
                }
            }
            double parseSeconds = (System.nanoTime() - t0) / 1e9;
            resetPeaks();
            long t1 = System.nanoTime();
            SimulationReport report;
            try (BufferedReader in = Files.newBufferedReader(file)) {
                report = Replayer.run(new HistoryReader(in, Instant.now()), ruleSet, "bench", null, Replayer.Options.defaults());
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("records=%,d replay %,.0f/s (%.1f s, changed %d, errors %d, peak heap %d MB)"
                            + "  baseline read+parse %,.0f/s  ratio %.2f%n",
                    report.replayed(), report.replayed() / seconds, seconds, report.changed(), report.errors(), peakHeapMb(),
                    lines / parseSeconds, (report.replayed() / seconds) / (lines / parseSeconds));
        }
    }

    static void write(Path file, CompiledRuleSet ruleSet, int count) throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Command[] commands = DecideBenchmark.commands(10_000);
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                Command c = commands[i % commands.length];
                RoutingResult r = ruleSet.evaluate(c, at);
                Map<String, Object> result = ScenarioHistory.resultFields(r, c.getBucket());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("seq", i + 1);
                line.put("decision_id", "d" + i);
                line.put("timestamp", at.toString());
                line.put("revision", 1);
                line.put("input", c.envelope());
                line.put("result", result);
                out.write(json.writeValueAsString(line));
                out.newLine();
            }
        }
    }

    static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}

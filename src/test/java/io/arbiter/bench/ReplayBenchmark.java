package io.arbiter.bench;

import io.arbiter.ruleset.TestSignals;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.arbiter.audit.AuditQuery;
import io.arbiter.audit.AuditReader;
import io.arbiter.database.EmbeddedPostgres;
import io.arbiter.decision.Command;
import io.arbiter.decision.RoutingResult;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetCompiler;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.simulation.AuditHistory;
import io.arbiter.simulation.HistoryReader;
import io.arbiter.simulation.Replayer;
import io.arbiter.simulation.ScenarioHistory;
import io.arbiter.simulation.SimulationReport;
import io.arbiter.simulation.SimulatorCli;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.BufferedReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
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
 * Replay throughput over 250,000 and 1,000,000 records against the 1,000-row table of
 * {@link DecideBenchmark}, with peak heap per run (memory must stay flat as input grows): first
 * from audit-export files, then from the audit log in an embedded PostgreSQL (the same records,
 * read by the service's own {@link AuditHistory} pages). Baseline in the same run, per source:
 * reading and parsing the records without evaluating (the I/O + JSON floor).
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:exec -Pbench -Dbench.main=io.arbiter.bench.ReplayBenchmark -Dbench.heap=128m};
 * {@code -Dbench.sources=file} or {@code database} runs one source only (both by default).
 */
public final class ReplayBenchmark {
    /** As the CLI runs: one thread per core (-Dbench.threads to change). */
    static final Replayer.Options OPTIONS = new Replayer.Options(5, n -> { }, () -> false,
            Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors()), java.util.Map.of());

    public static void main(String[] args) throws Exception {
        SimulatorCli.quietLogging(); // as the CLI runs: Drools logs nothing at WARNING
        List<DecideBenchmark.Row> rows = DecideBenchmark.rows();
        CompiledRuleSet ruleSet = TestSignals.compiler().compile(1,
                List.of(new RuleSetFile("bench.drl.csv", DecideBenchmark.csv(rows)))).warmUp(1);
        Path dir = Files.createDirectories(Path.of("target/bench-replay"));
        String sources = System.getProperty("bench.sources", "file,database");
        for (int count : new int[] {250_000, 1_000_000}) {
            Path file = dir.resolve("history-" + count + ".jsonl");
            if (!Files.exists(file)) {
                write(file, ruleSet, count);
            }
            if (!sources.contains("file")) {
                continue;
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
                report = Replayer.run(new HistoryReader(in, Instant.now()), ruleSet, "bench", null, OPTIONS);
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("file      threads=" + OPTIONS.threads() + " records=%,d replay %,.0f/s (%.1f s, changed %d, errors %d, peak heap %d MB)"
                            + "  baseline read+parse %,.0f/s  ratio %.2f%n",
                    report.replayed(), report.replayed() / seconds, seconds, report.changed(), report.errors(), peakHeapMb(),
                    lines / parseSeconds, (report.replayed() / seconds) / (lines / parseSeconds));
        }
        if (sources.contains("database")) {
            fromDatabase(ruleSet, dir);
        }
    }

    /** The same histories loaded into decision_log by COPY, replayed through the service's audit-log source. */
    static void fromDatabase(CompiledRuleSet ruleSet, Path dir) throws Exception {
        Path dataDir = dir.resolve("pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(pg.jdbcUrl());
            ds.setUser("postgres");
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            AuditReader reader = new AuditReader(pooled(pg.jdbcUrl()));
            long loaded = 0;
            for (int count : new int[] {250_000, 1_000_000}) {
                loaded = load(ds, dir.resolve("history-" + count + ".jsonl"), loaded);
                long toSeq = reader.newestSeq();
                AuditQuery all = new AuditQuery(null, null, null, null, null, null, null, null, null, null);
                long fromSeq = toSeq - count + 1;
                resetPeaks();
                long t0 = System.nanoTime();
                long lines = 0;
                HistoryReader parseOnly = new HistoryReader(new AuditHistory(reader, all, fromSeq, toSeq), Instant.now());
                while (parseOnly.hasNext()) {
                    lines += parseOnly.next().record() == null ? 0 : 1;
                }
                double parseSeconds = (System.nanoTime() - t0) / 1e9;
                resetPeaks();
                long t1 = System.nanoTime();
                SimulationReport report = Replayer.run(new HistoryReader(new AuditHistory(reader, all, fromSeq, toSeq), Instant.now()),
                        ruleSet, "bench", null, OPTIONS);
                double seconds = (System.nanoTime() - t1) / 1e9;
                System.out.printf("database  threads=" + OPTIONS.threads() + " records=%,d replay %,.0f/s (%.1f s, changed %d, errors %d, peak heap %d MB)"
                                + "  baseline read+parse %,.0f/s  ratio %.2f%n",
                        report.replayed(), report.replayed() / seconds, seconds, report.changed(), report.errors(), peakHeapMb(),
                        lines / parseSeconds, (report.replayed() / seconds) / (lines / parseSeconds));
            }
        } finally {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A connection pool as the service's (Agroal, validated on borrow): pages are read over pooled
     * connections with their prepared statements, not over a new connection (and backend) per page.
     */
    static AgroalDataSource pooled(String jdbcUrl) throws java.sql.SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .minSize(2).maxSize(4).validateOnBorrow(true)
                .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidator())
                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(jdbcUrl).principal(new NamePrincipal("postgres")))));
    }

    /**
     * Appends the file's records to decision_log with COPY, numbered after {@code seqBefore}, as the
     * writer stores them (the record without seq/hash; hashes are not checked by replay). Returns the last seq.
     */
    static long load(PGSimpleDataSource ds, Path file, long seqBefore) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long seq = seqBefore;
        try (Connection c = ds.getConnection(); BufferedReader in = Files.newBufferedReader(file)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS decision_log_p20261101 PARTITION OF decision_log"
                        + " FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-11-02 00:00:00+00')");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder chunk = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line);
                node.remove("seq");
                String decisionId = java.util.UUID.randomUUID().toString();
                node.put("decision_id", decisionId);
                var input = node.get("input");
                var result = node.get("result");
                seq++;
                chunk.append(seq).append(',').append(decisionId).append(',').append(node.get("timestamp").asText()).append(',')
                        .append(csv(input.path("commandId").asText())).append(',').append(csv(input.path("type").asText())).append(",,,,")
                        .append(csv(result.path("owner").asText(""))).append(',').append(result.path("outcome").asText()).append(",1,")
                        .append(csv(node.toString())).append(",0,0\n");
                if (seq % 20_000 == 0) {
                    copy.copyIn("COPY decision_log FROM STDIN WITH (FORMAT csv)", new StringReader(chunk.toString()));
                    chunk.setLength(0);
                }
            }
            if (!chunk.isEmpty()) {
                copy.copyIn("COPY decision_log FROM STDIN WITH (FORMAT csv)", new StringReader(chunk.toString()));
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE audit_chain_head SET seq = " + seq);
                s.execute("VACUUM ANALYZE decision_log");
            }
        }
        return seq;
    }

    private static String csv(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
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

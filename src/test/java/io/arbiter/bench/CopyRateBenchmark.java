package io.arbiter.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PostgreSQL's own COPY rate for the audit log's rows: the baseline the audit writer is measured
 * against. Takes the newest {@code rows} records of {@code decision_log} (as written by the run
 * that precedes it), and COPYs them into a table of the same shape and indexes, in batches of
 * {@code batch} rows, one transaction each — the writer's pattern without the writer. With
 * {@code connections} > 1 the rows are split across that many connections copying at once, each
 * in its own batches (PostgreSQL may then share a WAL flush between their commits).
 *
 * <p>Usage: {@code CopyRateBenchmark <jdbc-url> <rows> <batch> [connections]}; used by {@code http-decide.sh}.
 */
public final class CopyRateBenchmark {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        int batch = Math.max(1, Integer.parseInt(args[2]));
        int connections = args.length > 3 ? Math.max(1, Integer.parseInt(args[3])) : 1;
        String[] lines;
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            StringWriter csv = new StringWriter();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM decision_log ORDER BY seq DESC LIMIT " + rows
                    + ") TO STDOUT WITH (FORMAT csv)", csv);
            lines = csv.toString().split("\n");
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS copy_bench");
                s.execute("CREATE TABLE copy_bench (LIKE decision_log INCLUDING ALL)");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> copiers = new ArrayList<>();
        int slice = (lines.length + connections - 1) / connections;
        long started = System.nanoTime();
        for (int k = 0; k < connections; k++) {
            String[] mine = Arrays.copyOfRange(lines, Math.min(lines.length, k * slice), Math.min(lines.length, (k + 1) * slice));
            copiers.add(pool.submit(() -> copy(url, mine, batch)));
        }
        for (Future<?> copier : copiers) {
            copier.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE copy_bench");
        }
        System.out.printf("copy rows=%d batch=%d connections=%d seconds=%.2f rows_per_s=%.0f%n", lines.length, batch,
                connections, seconds, lines.length / seconds);
    }

    private static Void copy(String url, String[] lines, int batch) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            c.setAutoCommit(false);
            for (int i = 0; i < lines.length; i += batch) {
                StringBuilder chunk = new StringBuilder();
                for (int j = i; j < Math.min(lines.length, i + batch); j++) {
                    chunk.append(lines[j]).append('\n');
                }
                copy.copyIn("COPY copy_bench FROM STDIN WITH (FORMAT csv)", new StringReader(chunk.toString()));
                c.commit();
            }
        }
        return null;
    }
}

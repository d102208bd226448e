package io.arbiter.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * PostgreSQL's own COPY rate for the audit log's rows: the baseline the audit writer is measured
 * against. Takes the newest {@code rows} records of {@code decision_log} (as written by the run
 * that precedes it), and COPYs them into a table of the same shape and indexes, in batches of
 * {@code batch} rows, one transaction each — the writer's pattern without the writer.
 *
 * <p>Usage: {@code CopyRateBenchmark <jdbc-url> <rows> <batch>}; used by {@code http-decide.sh}.
 */
public final class CopyRateBenchmark {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        int batch = Math.max(1, Integer.parseInt(args[2]));
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringWriter csv = new StringWriter();
            long available = copy.copyOut("COPY (SELECT * FROM decision_log ORDER BY seq DESC LIMIT " + rows
                    + ") TO STDOUT WITH (FORMAT csv)", csv);
            String[] lines = csv.toString().split("\n");
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS copy_bench");
                s.execute("CREATE TABLE copy_bench (LIKE decision_log INCLUDING ALL)");
            }
            c.setAutoCommit(false);
            long started = System.nanoTime();
            for (int i = 0; i < lines.length; i += batch) {
                StringBuilder chunk = new StringBuilder();
                for (int j = i; j < Math.min(lines.length, i + batch); j++) {
                    chunk.append(lines[j]).append('\n');
                }
                copy.copyIn("COPY copy_bench FROM STDIN WITH (FORMAT csv)", new StringReader(chunk.toString()));
                c.commit();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE copy_bench");
            }
            System.out.printf("copy rows=%d batch=%d seconds=%.2f rows_per_s=%.0f%n", available, batch, seconds,
                    available / seconds);
        }
    }
}

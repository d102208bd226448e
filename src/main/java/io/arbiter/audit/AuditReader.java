package io.arbiter.audit;

import io.arbiter.routing.DecisionRecordJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the audit log. Every record is served as one JSON object: {@code seq} and {@code hash}
 * followed by the stored record, byte for byte.
 */
@ApplicationScoped
public class AuditReader {
    private final AuditJdbc sql;

    @Inject
    public AuditReader(DataSource dataSource) {
        this.sql = new AuditJdbc(dataSource);
    }

    /** A page of records, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<String> records, String nextCursor) {

        /**
         * Reads up to {@code limit} rows of a query that asked for {@code limit + 1}: one more row
         * means there is a next page, whose cursor is the last row's column 1 (its key).
         */
        static AuditJdbc.Rows<Page> of(int limit, AuditJdbc.Row<String> row) {
            return rs -> {
                List<String> records = new ArrayList<>(limit);
                long lastKey = -1;
                while (rs.next()) {
                    if (records.size() == limit) {
                        return new Page(records, Long.toString(lastKey));
                    }
                    lastKey = rs.getLong(1);
                    records.add(row.map(rs));
                }
                return new Page(records, null);
            };
        }
    }

    /** The record of one decision; with {@code tenant}, only if it is that tenant's. */
    public Optional<String> find(UUID decisionId, String tenant) {
        return sql.query("SELECT seq, hash, record FROM decision_log WHERE decision_id = ?" + (tenant == null ? "" : " AND tenant = ?"),
                tenant == null ? AuditJdbc.values(decisionId) : AuditJdbc.values(decisionId, tenant), AuditJdbc.first(AuditReader::line));
    }

    /**
     * Records matching every filter, newest first. The cursor is the last {@code seq} returned:
     * sequence numbers never change and new records get higher ones, so pages stay stable while
     * decisions keep arriving.
     */
    public Page query(AuditQuery q, int limit, Long beforeSeq) {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        if (beforeSeq != null) {
            where += " AND seq < ?";
            args.add(beforeSeq);
        }
        return sql.query("SELECT seq, hash, record FROM decision_log WHERE " + where + " ORDER BY seq DESC LIMIT " + (limit + 1),
                AuditJdbc.values(args.toArray()), Page.of(limit, AuditReader::line));
    }

    /**
     * Writes matching records as JSON Lines, oldest first, streaming from a server-side cursor:
     * memory stays flat however large the window.
     */
    public void export(AuditQuery q, OutputStream out) {
        List<Object> args = new ArrayList<>();
        String query = "SELECT seq, hash, record FROM decision_log WHERE " + where(q, args) + " ORDER BY seq";
        sql.inTransaction(c -> AuditJdbc.stream(c, query, AuditJdbc.values(args.toArray()), rs -> {
            try {
                while (rs.next()) {
                    out.write(line(rs).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
    }

    /** The newest sequence number committed: fixes the end of a window so later decisions do not extend it. */
    public long newestSeq() {
        return sql.query("SELECT seq FROM audit_chain_head", AuditJdbc.Parameters.NONE, AuditJdbc.single(rs -> rs.getLong(1)));
    }

    /**
     * The sequence number of the {@code n}-th newest record matching {@code q} up to {@code toSeq},
     * or empty when fewer match: "the last n decisions" become the range [that seq, toSeq].
     */
    public Optional<Long> seqOfNewest(AuditQuery q, long toSeq, int n) {
        List<Object> args = new ArrayList<>();
        String query = "SELECT seq FROM decision_log WHERE " + where(q, args) + " AND seq <= ? ORDER BY seq DESC OFFSET ? LIMIT 1";
        args.add(toSeq);
        args.add(n - 1);
        return sql.query(query, AuditJdbc.values(args.toArray()), AuditJdbc.first(rs -> rs.getLong(1)));
    }

    /** How many records match {@code q} with {@code fromSeq <= seq <= toSeq}. */
    public long count(AuditQuery q, long fromSeq, long toSeq) {
        List<Object> args = new ArrayList<>();
        String query = "SELECT count(*) FROM decision_log WHERE " + where(q, args) + " AND seq >= ? AND seq <= ?";
        args.add(fromSeq);
        args.add(toSeq);
        return sql.query(query, AuditJdbc.values(args.toArray()), AuditJdbc.single(rs -> rs.getLong(1)));
    }

    /** Records after {@code afterSeq}, oldest first, as served by {@link #export}. */
    public record Forward(List<String> records, long lastSeq) {
    }

    /**
     * Up to {@code size} records matching {@code q} with {@code afterSeq < seq <= toSeq}, oldest
     * first. Each page is its own short query (keyset on seq), so a long replay holds no
     * transaction open and never delays partition retention.
     */
    public Forward forward(AuditQuery q, long afterSeq, long toSeq, int size) {
        List<Object> args = new ArrayList<>();
        String query = "SELECT seq, hash, record FROM decision_log WHERE " + where(q, args)
                + " AND seq > ? AND seq <= ? ORDER BY seq LIMIT " + size;
        args.add(afterSeq);
        args.add(toSeq);
        return sql.query(query, AuditJdbc.values(args.toArray()), rs -> {
            List<String> records = new ArrayList<>(size);
            long last = afterSeq;
            while (rs.next()) {
                last = rs.getLong(1);
                records.add(line(rs));
            }
            return new Forward(records, last);
        });
    }

    private static String where(AuditQuery q, List<Object> args) {
        StringBuilder w = new StringBuilder("TRUE");
        add(w, args, "command_id = ?", q.commandId());
        add(w, args, "correlation_id = ?", q.correlationId());
        add(w, args, "business_key = ?", q.businessKey());
        add(w, args, "owner = ?", q.owner());
        add(w, args, "command_type = ?", q.type());
        add(w, args, "revision = ?", q.revision());
        add(w, args, "outcome = ?", q.outcome());
        add(w, args, "tenant = ?", q.tenant());
        add(w, args, "decided_at >= ?", q.from());
        add(w, args, "decided_at < ?", q.to());
        return w.toString();
    }

    private static void add(StringBuilder where, List<Object> args, String condition, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            args.add(value);
        }
    }

    /** The stored record as the log serves it: seq and hash in front, the stored text verbatim. */
    private static String line(ResultSet rs) throws SQLException {
        return DecisionRecordJson.served(rs.getLong(1), rs.getString(2), rs.getString(3));
    }
}

package io.arbiter.audit;

import io.arbiter.database.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
    private final DataSource dataSource;

    @Inject
    public AuditReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A page of records, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<String> records, String nextCursor) {

        /** One row as the page shows it. */
        @FunctionalInterface
        interface Row {
            String render(ResultSet rs) throws SQLException;
        }

        /**
         * Reads up to {@code limit} rows of a query that asked for {@code limit + 1}: one more row
         * means there is a next page, whose cursor is the last row's column 1 (its key).
         */
        static Page of(ResultSet rs, int limit, Row row) throws SQLException {
            List<String> records = new ArrayList<>(limit);
            long lastKey = -1;
            while (rs.next()) {
                if (records.size() == limit) {
                    return new Page(records, Long.toString(lastKey));
                }
                lastKey = rs.getLong(1);
                records.add(row.render(rs));
            }
            return new Page(records, null);
        }
    }

    /** Binds {@code [from, to)} (null: open) to parameters 1–4 of a {@code (? IS NULL OR col >= ?) AND (? IS NULL OR col < ?)} window. */
    static void bindWindow(PreparedStatement ps, Instant from, Instant to) throws SQLException {
        java.sql.Timestamp f = from == null ? null : java.sql.Timestamp.from(from);
        java.sql.Timestamp t = to == null ? null : java.sql.Timestamp.from(to);
        ps.setTimestamp(1, f);
        ps.setTimestamp(2, f);
        ps.setTimestamp(3, t);
        ps.setTimestamp(4, t);
    }

    /** The record of one decision; with {@code tenant}, only if it is that tenant's. */
    public Optional<String> find(UUID decisionId, String tenant) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq, hash, record FROM decision_log WHERE decision_id = ?" + (tenant == null ? "" : " AND tenant = ?"))) {
            ps.setObject(1, decisionId);
            if (tenant != null) {
                ps.setString(2, tenant);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(line(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
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
        String sql = "SELECT seq, hash, record FROM decision_log WHERE " + where + " ORDER BY seq DESC LIMIT " + (limit + 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return Page.of(rs, limit, AuditReader::line);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Writes matching records as JSON Lines, oldest first, streaming from a server-side cursor:
     * memory stays flat however large the window.
     */
    public void export(AuditQuery q, OutputStream out) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT seq, hash, record FROM decision_log WHERE " + where(q, args) + " ORDER BY seq";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor (fetch size) needs a transaction in pgjdbc
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.write(line(rs).getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest sequence number committed: fixes the end of a window so later decisions do not extend it. */
    public long newestSeq() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM audit_chain_head"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * The sequence number of the {@code n}-th newest record matching {@code q} up to {@code toSeq},
     * or empty when fewer match: "the last n decisions" become the range [that seq, toSeq].
     */
    public Optional<Long> seqOfNewest(AuditQuery q, long toSeq, int n) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT seq FROM decision_log WHERE " + where(q, args) + " AND seq <= ? ORDER BY seq DESC OFFSET ? LIMIT 1";
        args.add(toSeq);
        args.add(n - 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** How many records match {@code q} with {@code fromSeq <= seq <= toSeq}. */
    public long count(AuditQuery q, long fromSeq, long toSeq) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT count(*) FROM decision_log WHERE " + where(q, args) + " AND seq >= ? AND seq <= ?";
        args.add(fromSeq);
        args.add(toSeq);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
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
        String sql = "SELECT seq, hash, record FROM decision_log WHERE " + where(q, args)
                + " AND seq > ? AND seq <= ? ORDER BY seq LIMIT " + size;
        args.add(afterSeq);
        args.add(toSeq);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<String> records = new ArrayList<>(size);
            long last = afterSeq;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    records.add(line(rs));
                }
            }
            return new Forward(records, last);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
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
        add(w, args, "decided_at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
        add(w, args, "decided_at < ?", q.to() == null ? null : Timestamp.from(q.to()));
        return w.toString();
    }

    private static void add(StringBuilder where, List<Object> args, String condition, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    /** {"seq":N,"hash":"…", …record fields…}: the stored record is reused verbatim. */
    private static String line(ResultSet rs) throws SQLException {
        String record = rs.getString(3);
        return "{\"seq\":" + rs.getLong(1) + ",\"hash\":\"" + rs.getString(2) + "\"," + record.substring(1);
    }
}

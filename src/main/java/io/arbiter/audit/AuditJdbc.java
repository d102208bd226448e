package io.arbiter.audit;

import io.arbiter.database.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The audit package's one way to run SQL: a connection, one statement, its parameters bound, its
 * rows mapped — for the writer's append, the readers, verify, the quarantine and retention alike.
 *
 * <p>Plain JDBC on purpose, the one exception to the stores' ORM (see the package's README): the
 * hot append is one {@code audit_append} call with arrays per batch, exports and verify stream
 * through server-side cursors, retention runs DDL — none of which an ORM does without hiding the
 * round trips the benchmarks measure.
 *
 * <p>Two kinds of call. On a pooled connection ({@link #read}, {@link #query}, {@link #inTransaction},
 * {@link #inSnapshot}), where a failure is a {@link StoreException} as everywhere else in Arbiter.
 * On a connection the caller holds (the static methods) — the writer's own, or verify's snapshot —
 * where the {@link SQLException} goes back to the caller: the writer decides by its SQLState
 * whether to retry, isolate or journal.
 */
final class AuditJdbc {
    /** Rows a streaming read fetches per round trip: memory stays flat however many rows match. */
    static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;

    AuditJdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Parameters {
        Parameters NONE = ps -> {
        };

        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads a result: as many rows as it wants. */
    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work on a pooled connection, in autocommit as the pool hands it out. */
    <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** One query on a pooled connection. */
    <T> T query(String sql, Parameters parameters, Rows<T> rows) {
        return read(c -> query(c, sql, parameters, rows));
    }

    /**
     * Work in one transaction that is rolled back at the end: it only reads. Autocommit off is also
     * what lets a fetch size stream through a server-side cursor in pgjdbc ({@link #stream}).
     */
    <T> T inTransaction(Work<T> work) {
        return read(c -> {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        });
    }

    /** {@link #inTransaction} in one snapshot (repeatable read): every statement sees the same committed rows. */
    <T> T inSnapshot(Work<T> work) {
        return inTransaction(c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return work.run(c);
        });
    }

    static <T> T query(Connection c, String sql, Parameters parameters, Rows<T> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        }
    }

    /** A query read {@link #FETCH_SIZE} rows at a time; {@code c} must be in a transaction ({@link #inTransaction}). */
    static <T> T stream(Connection c, String sql, Parameters parameters, Rows<T> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            parameters.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        }
    }

    static int update(Connection c, String sql, Parameters parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** A statement without parameters (DDL: a table name cannot be a parameter). */
    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Binds values to parameters 1, 2, … in order. An {@link Instant} is bound as a timestamp
     * (pgjdbc takes no Instant); a null as a typeless null, so a parameter that may be null is cast
     * in its SQL ({@code ?::bigint IS NULL}).
     */
    static Parameters values(Object... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i] instanceof Instant at ? Timestamp.from(at) : values[i]);
            }
        };
    }

    /**
     * Binds {@code [from, to)} (null: open) to parameters 1–4 of
     * {@code (?::timestamptz IS NULL OR col >= ?) AND (?::timestamptz IS NULL OR col < ?)}.
     */
    static Parameters window(Instant from, Instant to) {
        return values(from, from, to, to);
    }

    /** The first row, if there is one. */
    static <T> Rows<Optional<T>> first(Row<T> row) {
        return rs -> rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
    }

    /** The one row a query always returns (an aggregate, the chain head). */
    static <T> Rows<T> single(Row<T> row) {
        return rs -> {
            if (!rs.next()) {
                throw new SQLException("The query returned no row");
            }
            return row.map(rs);
        };
    }
}

package io.arbiter.simulation;

import io.arbiter.database.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Simulations in PostgreSQL. Every state change is guarded by the state it expects, so a cancel
 * racing the end of a run, or two replicas, can never move a finished simulation again.
 */
@ApplicationScoped
public class SimulationStore {
    private static final String COLUMNS = "id, candidate_revision, baseline_revision, source_kind, source, status, total,"
            + " processed, replayed, cancel_requested, report, error, requested_by, created_at, started_at, finished_at, tenant";

    @Inject
    DataSource dataSource;

    public void insert(UUID id, int candidate, Integer baseline, Simulation.SourceKind kind, String source,
                       String requestedBy, String tenant, Instant now) {
        update("INSERT INTO simulation (id, candidate_revision, baseline_revision, source_kind, source, status,"
                + " requested_by, tenant, created_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?)",
                id, candidate, baseline, kind.name(), source, requestedBy, tenant, ts(now), ts(now));
    }

    /** QUEUED → RUNNING; false when it is no longer queued (cancelled meanwhile). */
    boolean start(UUID id, Instant now) {
        return update("UPDATE simulation SET status = 'RUNNING', started_at = ?, heartbeat_at = ?"
                + " WHERE id = ? AND status = 'QUEUED'", ts(now), ts(now), id) == 1;
    }

    void total(UUID id, long total) {
        update("UPDATE simulation SET total = ? WHERE id = ?", total, id);
    }

    /** Records progress and returns whether a cancel was asked for (possibly through another replica). */
    boolean progress(UUID id, long processed, Instant now) {
        return query("UPDATE simulation SET processed = ?, heartbeat_at = ? WHERE id = ? RETURNING cancel_requested",
                rs -> rs.next() && rs.getBoolean(1), processed, ts(now), id);
    }

    void complete(UUID id, long processed, long replayed, String report, Instant now) {
        update("UPDATE simulation SET status = 'COMPLETED', processed = ?, replayed = ?, report = ?, finished_at = ?"
                + " WHERE id = ? AND status = 'RUNNING'", processed, replayed, report, ts(now), id);
    }

    void finish(UUID id, Simulation.Status status, long processed, String error, Instant now) {
        update("UPDATE simulation SET status = ?, processed = ?, error = ?, finished_at = ?"
                + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING')", status.name(), processed, error, ts(now), id);
    }

    /**
     * Asks a simulation to stop: a queued one is cancelled at once, a running one when its runner
     * next looks (within 10,000 records). Returns the simulation afterwards.
     */
    Optional<Simulation> requestCancel(UUID id, Instant now) {
        update("UPDATE simulation SET status = 'CANCELLED', finished_at = ? WHERE id = ? AND status = 'QUEUED'", ts(now), id);
        update("UPDATE simulation SET cancel_requested = TRUE WHERE id = ? AND status = 'RUNNING'", id);
        return find(id);
    }

    /** Keeps this replica's queued and running simulations visibly alive. */
    void heartbeat(Collection<UUID> ids, Instant now) {
        if (!ids.isEmpty()) {
            update("UPDATE simulation SET heartbeat_at = ? WHERE id = ANY (?) AND status IN ('QUEUED', 'RUNNING')",
                    ts(now), ids.toArray(UUID[]::new));
        }
    }

    /** Fails simulations whose replica stopped beating (it stopped or crashed); returns how many. */
    int abandonStale(Instant staleBefore, Instant now) {
        return update("UPDATE simulation SET status = 'FAILED', finished_at = ?,"
                + " error = 'Abandoned: the service running it stopped before it finished; submit it again'"
                + " WHERE status IN ('QUEUED', 'RUNNING') AND heartbeat_at < ?", ts(now), ts(staleBefore));
    }

    public Optional<Simulation> find(UUID id) {
        return query("SELECT " + COLUMNS + " FROM simulation WHERE id = ?",
                rs -> rs.next() ? Optional.of(simulation(rs, true)) : Optional.empty(), id);
    }

    /** Newest first, without reports (a report can be large; fetch one simulation to read it); {@code tenant} null: all. */
    public List<Simulation> list(Integer candidate, String tenant, int limit) {
        String where = "TRUE";
        List<Object> args = new ArrayList<>();
        if (candidate != null) {
            where += " AND candidate_revision = ?";
            args.add(candidate);
        }
        if (tenant != null) {
            where += " AND tenant = ?";
            args.add(tenant);
        }
        args.add(limit);
        return query("SELECT " + COLUMNS + " FROM simulation WHERE " + where + " ORDER BY created_at DESC, id LIMIT ?", rs -> {
            List<Simulation> out = new ArrayList<>();
            while (rs.next()) {
                out.add(simulation(rs, false));
            }
            return out;
        }, args.toArray());
    }

    /** The completed simulations of a revision, newest first, without reports. */
    public List<Simulation> completed(int candidate) {
        return query("SELECT " + COLUMNS + " FROM simulation WHERE candidate_revision = ? AND status = 'COMPLETED'"
                + " ORDER BY finished_at DESC, id", rs -> {
            List<Simulation> out = new ArrayList<>();
            while (rs.next()) {
                out.add(simulation(rs, false));
            }
            return out;
        }, candidate);
    }

    private static Simulation simulation(ResultSet rs, boolean withReport) throws SQLException {
        return new Simulation((UUID) rs.getObject(1), rs.getInt(2), (Integer) rs.getObject(3),
                Simulation.SourceKind.valueOf(rs.getString(4)), rs.getString(5), Simulation.Status.valueOf(rs.getString(6)),
                (Long) rs.getObject(7), rs.getLong(8), (Long) rs.getObject(9), rs.getBoolean(10),
                withReport ? rs.getString(11) : null, rs.getString(12), rs.getString(13), rs.getString(17), instant(rs.getTimestamp(14)),
                instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private <T> T query(String sql, Rows<T> rows, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof UUID[] ids) {
                ps.setArray(i + 1, c.createArrayOf("uuid", ids));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}

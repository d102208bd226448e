package io.arbiter.ruleset;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Revisions and their files in PostgreSQL. Every write is one transaction: a revision is stored whole or not at all. */
@ApplicationScoped
public class RuleSetStore {
    @Inject
    DataSource dataSource;

    /** Stores a new DRAFT revision numbered max+1. */
    public RuleSetRevision insert(List<RuleSetFile> files, String sha256, int ruleCount, Integer base, String note,
                                  String createdBy, String createdBySubject, Instant now) {
        return inTransaction(c -> {
            lockRevisions(c);
            return insert(c, files, sha256, ruleCount, base, note, createdBy, createdBySubject, RuleSetRevision.Status.DRAFT, now);
        });
    }

    /**
     * Stores {@code files} as the ACTIVE revision 1 if the store holds no revision yet, and returns
     * the active revision number either way. Replicas starting together on an empty database agree.
     */
    public int bootstrap(List<RuleSetFile> files, String sha256, int ruleCount, String note, Instant now) {
        return inTransaction(c -> {
            lockRevisions(c);
            Optional<Integer> active = activeRevision(c);
            if (active.isPresent()) {
                return active.get();
            }
            return insert(c, files, sha256, ruleCount, null, note, null, null, RuleSetRevision.Status.ACTIVE, now).revision();
        });
    }

    private static void lockRevisions(Connection c) throws SQLException {
        try (var lock = c.createStatement()) {
            // Serialises numbering across concurrent uploads (and replicas); readers are not blocked.
            lock.execute("LOCK TABLE ruleset_revision IN SHARE ROW EXCLUSIVE MODE");
        }
    }

    private static RuleSetRevision insert(Connection c, List<RuleSetFile> files, String sha256, int ruleCount,
                                          Integer base, String note, String createdBy, String createdBySubject,
                                          RuleSetRevision.Status status, Instant now)
            throws SQLException {
        int revision;
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(revision), 0) + 1 FROM ruleset_revision")) {
            rs.next();
            revision = rs.getInt(1);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ruleset_revision"
                + " (revision, status, sha256, rule_count, base_revision, note, created_at, activated_at, created_by, created_by_subject)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, revision);
            ps.setString(2, status.name());
            ps.setString(3, sha256);
            ps.setInt(4, ruleCount);
            ps.setObject(5, base);
            ps.setString(6, note);
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setTimestamp(8, status == RuleSetRevision.Status.ACTIVE ? Timestamp.from(now) : null);
            ps.setString(9, createdBy);
            ps.setString(10, createdBySubject);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ruleset_file (revision, name, sha256, content) VALUES (?, ?, ?, ?)")) {
            for (RuleSetFile f : files) {
                ps.setInt(1, revision);
                ps.setString(2, f.name());
                ps.setString(3, f.sha256());
                ps.setBytes(4, f.content());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (status == RuleSetRevision.Status.ACTIVE) {
            recordActivation(c, revision, null, now, new Activation.Grant(Activation.Kind.BOOTSTRAP, null, null, null, false));
        }
        return find(c, revision).orElseThrow();
    }

    /**
     * Makes {@code revision} the only ACTIVE one; the previously active becomes RETIRED. The
     * activation is recorded with its grant in the same transaction. Returns the previous revision.
     */
    public Optional<Integer> activate(int revision, Instant now, Activation.Grant grant) {
        return inTransaction(c -> {
            Integer previous = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT revision FROM ruleset_revision WHERE status = 'ACTIVE' FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    previous = rs.getInt(1);
                }
            }
            if (previous != null && previous == revision) {
                return Optional.of(previous);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ruleset_revision SET status = 'RETIRED' WHERE status = 'ACTIVE'")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ruleset_revision SET status = 'ACTIVE', activated_at = ? WHERE revision = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setInt(2, revision);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("No revision " + revision);
                }
            }
            recordActivation(c, revision, previous, now, grant);
            return Optional.ofNullable(previous);
        });
    }

    private static void recordActivation(Connection c, int revision, Integer previous, Instant now, Activation.Grant grant)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ruleset_activation (revision, previous_revision,"
                + " activated_at, kind, activated_by, simulation_id, override_reason, break_glass)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, revision);
            ps.setObject(2, previous);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, grant.kind().name());
            ps.setString(5, grant.activatedBy());
            ps.setObject(6, grant.simulationId());
            ps.setString(7, grant.overrideReason());
            ps.setBoolean(8, grant.breakGlass());
            ps.executeUpdate();
        }
    }

    /** DRAFT becomes SIMULATED; any other status is left alone (a simulation never demotes). */
    public void markSimulated(int revision) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ruleset_revision SET status = 'SIMULATED' WHERE revision = ? AND status = 'DRAFT'")) {
                ps.setInt(1, revision);
                return ps.executeUpdate();
            }
        });
    }

    /** Every activation, newest first. */
    public List<Activation> activations(int limit) {
        return inTransaction(c -> {
            List<Activation> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, revision, previous_revision, activated_at, kind,"
                    + " activated_by, simulation_id, override_reason, break_glass FROM ruleset_activation ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Activation(rs.getLong(1), rs.getInt(2), (Integer) rs.getObject(3),
                                rs.getTimestamp(4).toInstant(), Activation.Kind.valueOf(rs.getString(5)), rs.getString(6),
                                (java.util.UUID) rs.getObject(7), rs.getString(8), rs.getBoolean(9)));
                    }
                }
            }
            return out;
        });
    }

    public Optional<RuleSetRevision> find(int revision) {
        return inTransaction(c -> find(c, revision));
    }

    public Optional<Integer> activeRevision() {
        return inTransaction(RuleSetStore::activeRevision);
    }

    private static Optional<Integer> activeRevision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM ruleset_revision WHERE status = 'ACTIVE'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
        }
    }

    /** Every revision, newest first: two queries, whatever the number of revisions. */
    public List<RuleSetRevision> list() {
        return inTransaction(c -> {
            Map<Integer, List<RuleSetRevision.FileInfo>> files = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT revision, name, sha256, octet_length(content) FROM ruleset_file ORDER BY revision, name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.computeIfAbsent(rs.getInt(1), r -> new ArrayList<>())
                            .add(new RuleSetRevision.FileInfo(rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            List<RuleSetRevision> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + REVISION_COLUMNS + " FROM ruleset_revision ORDER BY revision DESC");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(revision(rs, files.getOrDefault(rs.getInt(1), List.of())));
                }
            }
            return out;
        });
    }

    public List<RuleSetFile> files(int revision) {
        return inTransaction(c -> {
            List<RuleSetFile> files = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, content FROM ruleset_file WHERE revision = ? ORDER BY name")) {
                ps.setInt(1, revision);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        files.add(new RuleSetFile(rs.getString(1), rs.getBytes(2)));
                    }
                }
            }
            return files;
        });
    }

    private static final String REVISION_COLUMNS =
            "revision, status, sha256, rule_count, base_revision, note, created_at, activated_at, created_by, created_by_subject";

    private static Optional<RuleSetRevision> find(Connection c, int revision) throws SQLException {
        List<RuleSetRevision.FileInfo> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, sha256, octet_length(content) FROM ruleset_file WHERE revision = ? ORDER BY name")) {
            ps.setInt(1, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(new RuleSetRevision.FileInfo(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + REVISION_COLUMNS + " FROM ruleset_revision WHERE revision = ?")) {
            ps.setInt(1, revision);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(revision(rs, files)) : Optional.empty();
            }
        }
    }

    private static RuleSetRevision revision(ResultSet rs, List<RuleSetRevision.FileInfo> files) throws SQLException {
        Timestamp activated = rs.getTimestamp(8);
        return new RuleSetRevision(rs.getInt(1), RuleSetRevision.Status.valueOf(rs.getString(2)), rs.getString(3),
                rs.getInt(4), (Integer) rs.getObject(5), rs.getString(6), rs.getString(9), rs.getString(10), rs.getTimestamp(7).toInstant(),
                activated == null ? null : activated.toInstant(), List.copyOf(files));
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}

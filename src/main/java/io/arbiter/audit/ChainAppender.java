package io.arbiter.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Appends entries to the hash chain: links them after the chain head it holds in memory and
 * writes them with one call of {@code audit_append} — one round trip and one transaction, which
 * also registers the command ids (idempotency) and moves {@code audit_chain_head} only if it is
 * still at the expected link.
 *
 * <p>Retried, up to five attempts: {@code AR001} (another writer moved the head — a replica
 * sharing the database — so it is re-read), {@code 23505} (a racing writer registered a command
 * id first) and {@code 23514} (no partition for a day: created, after a short back-off, since a
 * partition being dropped by retention may hold the name for a moment). Anything else goes back
 * to the caller, which decides by its SQLState whether PostgreSQL refused the data or is away.
 *
 * <p>Used by the writer's thread only: the head and the partitions known to exist are its state.
 */
final class ChainAppender {
    private static final int ATTEMPTS = 5;
    private static final String APPEND = "SELECT * FROM audit_append(?, ?, ?, ?::uuid[], ?::timestamptz[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],"
            + " ?::text[], ?::text[])";

    private final Set<LocalDate> knownPartitions = new HashSet<>();
    private long headSeq;
    private String headHash;
    /**
     * The connection the head was read on. A new connection means the writer was away (a failure,
     * an outage): the head is read again rather than trusted.
     */
    private Connection headConnection;

    /**
     * Appends {@code entries} in one call (autocommit: the call is the transaction). Returns the
     * command ids decided before, with their original record — then nothing was written.
     * {@code register}: whether the entries' command ids are registered (a journal drain stores
     * decisions already answered, whatever the registry says).
     */
    Map<String, String> append(Connection c, List<AuditEntry> entries, boolean register) throws SQLException {
        if (entries.isEmpty()) {
            return Map.of();
        }
        ensurePartitions(c, entries);
        for (int attempt = 1; ; attempt++) {
            if (headHash == null || headConnection != c) {
                readHead(c);
            }
            int n = entries.size();
            String[] prevHashes = new String[n];
            String[] hashes = new String[n];
            MessageDigest sha = HashChain.sha256();
            String prev = headHash;
            for (int i = 0; i < n; i++) {
                prevHashes[i] = prev;
                hashes[i] = HashChain.link(sha, prev, headSeq + i + 1, entries.get(i).record());
                prev = hashes[i];
            }
            try {
                Map<String, String> decidedBefore = AuditJdbc.query(c, APPEND, ps -> {
                    ps.setLong(1, headSeq);
                    ps.setString(2, headHash);
                    ps.setBoolean(3, register);
                    ps.setArray(4, c.createArrayOf("text", column(entries, e -> e.decisionId().toString())));
                    ps.setArray(5, c.createArrayOf("text", column(entries, e -> e.decidedAt().toString())));
                    ps.setArray(6, c.createArrayOf("text", column(entries, AuditEntry::commandId)));
                    ps.setArray(7, c.createArrayOf("text", column(entries, AuditEntry::commandType)));
                    ps.setArray(8, c.createArrayOf("text", column(entries, AuditEntry::businessKey)));
                    ps.setArray(9, c.createArrayOf("text", column(entries, AuditEntry::correlationId)));
                    ps.setArray(10, c.createArrayOf("text", column(entries, AuditEntry::tenant)));
                    ps.setArray(11, c.createArrayOf("text", column(entries, AuditEntry::owner)));
                    ps.setArray(12, c.createArrayOf("text", column(entries, AuditEntry::outcome)));
                    ps.setArray(13, c.createArrayOf("int4", entries.stream().map(AuditEntry::revision).toArray(Integer[]::new)));
                    ps.setArray(14, c.createArrayOf("text", column(entries, AuditEntry::record)));
                    ps.setArray(15, c.createArrayOf("text", prevHashes));
                    ps.setArray(16, c.createArrayOf("text", hashes));
                }, rs -> {
                    Map<String, String> originals = new HashMap<>();
                    while (rs.next()) {
                        originals.put(rs.getString(1), rs.getString(2));
                    }
                    return originals;
                });
                if (decidedBefore.isEmpty()) {
                    headSeq += n;
                    headHash = prev;
                }
                return decidedBefore;
            } catch (SQLException e) {
                String state = e.getSQLState();
                boolean retryable = "AR001".equals(state) || "23505".equals(state) || "23514".equals(state);
                if (!retryable || attempt >= ATTEMPTS) {
                    throw e;
                }
                headHash = null; // re-read: another writer moved it, or our view is stale
                if ("23514".equals(state)) {
                    sleepQuietly(20L * attempt);
                    knownPartitions.clear();
                    ensurePartitions(c, entries);
                }
            }
        }
    }

    private void readHead(Connection c) throws SQLException {
        AuditJdbc.query(c, "SELECT seq, hash FROM audit_chain_head", AuditJdbc.Parameters.NONE, AuditJdbc.single(rs -> {
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
            return null;
        }));
        headConnection = c;
    }

    /** Creates the partitions of the entries' days not known to exist (a day met for the first time, or after a 23514). */
    private void ensurePartitions(Connection c, List<AuditEntry> entries) throws SQLException {
        Set<LocalDate> days = new TreeSet<>();
        for (AuditEntry e : entries) {
            LocalDate day = LocalDate.ofInstant(e.decidedAt(), ZoneOffset.UTC);
            if (!knownPartitions.contains(day)) {
                days.add(day);
            }
        }
        for (LocalDate day : days) {
            AuditPartitions.ensure(c, day);
            knownPartitions.add(day);
        }
    }

    private static String[] column(List<AuditEntry> entries, Function<AuditEntry, String> field) {
        String[] values = new String[entries.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(entries.get(i));
        }
        return values;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

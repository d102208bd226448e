package io.arbiter.audit;

import io.micrometer.core.instrument.Counter;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Brings journaled decisions into PostgreSQL once it answers again: the journal is drained oldest
 * segment first, and only then does the writer write new entries directly — order is kept and
 * nothing is stored twice.
 *
 * <ul>
 * <li><b>Skip what is present.</b> Entries already in the log or the quarantine (the process died
 * between a commit and deleting its segment) are skipped by decision id, so a drain is safe to
 * repeat.</li>
 * <li><b>Store what was answered.</b> A journaled decision was answered already, so it is stored
 * even if its command id was registered meanwhile (the chain appends without registering).</li>
 * <li><b>Isolate poison.</b> A record PostgreSQL refuses is quarantined ({@link PoisonIsolation}),
 * so it cannot block the drain — the failure that once kept a writer on the journal for good.</li>
 * </ul>
 *
 * <p>Also counts what waits to be drained (the backlog readiness reports) and when to try
 * PostgreSQL next while journaling. Used by the writer's thread only; the backlog is read by
 * health and metrics, hence volatile.
 */
final class JournalRecovery {
    private static final Logger LOG = Logger.getLogger(JournalRecovery.class);

    private final Journal journal;
    private final WriterConnection connection;
    private final ChainAppender chain;
    private final AuditQuarantine quarantine;
    private final Degradation degradation;
    private final Counter committed;
    private final int maxBatch;
    private final Duration reconnectInterval;
    private volatile long backlog;
    private long nextAttempt;

    JournalRecovery(Journal journal, long backlog, WriterConnection connection, ChainAppender chain, AuditQuarantine quarantine,
                    Degradation degradation, Counter committed, AuditConfig config) {
        this.journal = journal;
        this.backlog = backlog;
        this.connection = connection;
        this.chain = chain;
        this.quarantine = quarantine;
        this.degradation = degradation;
        this.committed = committed;
        this.maxBatch = config.maxBatch();
        this.reconnectInterval = config.reconnectInterval();
    }

    /** Entries in the journal waiting to be drained. */
    long backlog() {
        return backlog;
    }

    /** {@code n} more entries were journaled. */
    void journaled(int n) {
        backlog += n;
    }

    /** PostgreSQL failed: the next attempt is one {@code reconnect-interval} from now. */
    void postpone() {
        nextAttempt = System.nanoTime() + reconnectInterval.toNanos();
    }

    /** Whether it is time to try PostgreSQL again. */
    boolean due() {
        return System.nanoTime() >= nextAttempt;
    }

    /**
     * If PostgreSQL answers, drains the journal and takes the writer off it ({@link Degradation});
     * otherwise discards the connection and leaves the rest for the next attempt.
     */
    void recover() {
        postpone();
        try {
            Connection c = connection.get();
            if (!c.isValid(2)) {
                throw new SQLException("PostgreSQL does not answer");
            }
            Journal.Segment segment;
            while ((segment = journal.oldest()) != null) {
                drain(c, segment);
                journal.delete(segment);
                backlog = Math.max(0, backlog - segment.entries().size());
            }
            backlog = 0;
            degradation.journaling(false);
            LOG.info("PostgreSQL is back: the audit journal is drained");
        } catch (SQLException | IOException | RuntimeException e) {
            connection.discard();
            LOG.debugf("PostgreSQL still unavailable for the audit log: %s", e.getMessage());
        }
    }

    /** Stores one segment's entries that are not present yet, in chunks of {@code max-batch}, isolating poison. */
    private void drain(Connection c, Journal.Segment segment) throws SQLException {
        if (segment.entries().isEmpty()) {
            return;
        }
        Set<UUID> present = AuditJdbc.query(c, "SELECT u.id FROM unnest(?::uuid[]) AS u(id)"
                        + " WHERE EXISTS (SELECT 1 FROM decision_log d WHERE d.decision_id = u.id)"
                        + " OR EXISTS (SELECT 1 FROM audit_quarantine q WHERE q.decision_id = u.id)",
                ps -> ps.setArray(1, c.createArrayOf("uuid", segment.entries().stream().map(AuditEntry::decisionId).toArray())), rs -> {
                    Set<UUID> ids = new HashSet<>();
                    while (rs.next()) {
                        ids.add((UUID) rs.getObject(1));
                    }
                    return ids;
                });
        List<AuditEntry> missing = segment.entries().stream().filter(e -> !present.contains(e.decisionId())).toList();
        // Appended in chunks so one call stays a reasonable size whatever the backlog.
        for (int i = 0; i < missing.size(); i += maxBatch) {
            List<AuditEntry> chunk = missing.subList(i, Math.min(missing.size(), i + maxBatch));
            PoisonIsolation.commit(c, chunk, part -> {
                chain.append(c, part, false);
                committed.increment(part.size());
            }, (entry, refusal) -> quarantine.store(c, entry, refusal));
        }
    }
}

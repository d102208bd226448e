package io.arbiter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes audit entries durably, many requests per database round trip (group commit).
 *
 * <p>One thread owns everything that must be ordered: it takes whatever entries are waiting (up
 * to {@code max-batch}; entries arriving during a commit form the next batch), links them into
 * the hash chain after the head it holds in memory, and appends them with one call of the
 * {@code audit_append} function — one round trip and one transaction per batch, which also
 * registers the command ids (idempotency) and moves the chain head only if no other writer moved
 * it. Only then are the callers' futures completed: no decision is answered before it is durable.
 *
 * <p>When PostgreSQL fails, the batch goes to the local {@link Journal} (forced to disk) and
 * the writer keeps journaling until PostgreSQL answers again; then it drains the journal, oldest
 * first, before writing new entries directly — order is kept and nothing is written twice. If the
 * journal cannot be written either, the callers get {@link AuditUnavailableException}.
 *
 * <p>A record PostgreSQL refuses (rather than PostgreSQL being away) must not send the writer to
 * the journal: it would be refused again at every drain. {@link PoisonIsolation} commits the rest
 * of its batch in order and {@link AuditQuarantine} keeps the record — on the direct path and when
 * draining the journal alike.
 */
@ApplicationScoped
public class AuditWriter {
    private static final Logger LOG = Logger.getLogger(AuditWriter.class);

    @Inject
    AuditConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    @Inject
    AuditQuarantine quarantine;

    @Inject
    Degradation degradation;

    private ArrayBlockingQueue<Pending> queue;
    private Journal journal;
    /** The writer's own connection and the chain head it appends after: the thread's, like the rest of this state. */
    private final WriterConnection connection = new WriterConnection(ConfigProvider.getConfig());
    private final ChainAppender chain = new ChainAppender();
    private Thread thread;
    private volatile boolean running;
    private volatile boolean journalBroken;
    private volatile long journalBacklog;
    private long nextReconnect;
    private Counter committed;
    private Counter journaled;
    private DistributionSummary batchSizes;
    private Timer commitTimer;

    /** What became of a submitted entry. */
    public sealed interface Written permits Stored, Duplicate {
    }

    /** Durable: committed to PostgreSQL, or forced to the journal while PostgreSQL is away. */
    public record Stored() implements Written {
    }

    /** The command id was decided before: nothing was written; here is the original record. */
    public record Duplicate(String originalRecord) implements Written {
    }

    /** A submitted entry and its caller's future; told apart by identity ({@link Settlement}). */
    record Pending(AuditEntry entry, CompletableFuture<Written> done) {
    }

    void start(@Observes @Priority(10) StartupEvent event) throws IOException {
        queue = new ArrayBlockingQueue<>(config.queueCapacity());
        journal = new Journal(Journal.dir(config.journalDir()), json);
        committed = metrics.counter("arbiter.audit.records.committed");
        journaled = metrics.counter("arbiter.audit.records.journaled");
        batchSizes = DistributionSummary.builder("arbiter.audit.batch.size").register(metrics);
        commitTimer = Timer.builder("arbiter.audit.commit").publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("arbiter.audit.journal.backlog", this, w -> w.journalBacklog);
        metrics.gauge("arbiter.audit.degraded", degradation, d -> d.status().degraded() ? 1 : 0);
        journalBacklog = journal.backlog();
        degradation.journaling(journalBacklog > 0);
        // A journal left by a crash is drained before anything new is written.
        if (degradation.journaling()) {
            LOG.infof("Draining %d journaled audit records left from an earlier run", journalBacklog);
            recover();
        }
        running = true;
        thread = new Thread(this::run, "audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        closeConnection();
    }

    /** Queues an entry; the future completes once it is durable, or fails if it cannot be made durable. */
    public CompletableFuture<Written> submit(AuditEntry entry) {
        CompletableFuture<Written> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new AuditUnavailableException("The audit writer is not running"));
        } else if (!queue.offer(new Pending(entry, done))) {
            done.completeExceptionally(new AuditUnavailableException("The audit log is " + queue.size() + " records behind"));
        }
        return done;
    }

    /** For health and metrics: true while decisions are journaled because PostgreSQL is unreachable. */
    public boolean journaling() {
        return degradation.journaling();
    }

    public boolean journalBroken() {
        return journalBroken;
    }

    public long journalBacklog() {
        return journalBacklog;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(config.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, config.maxBatch() - 1);
                    fillUntilMaxWait(batch);
                    process(batch);
                    batch.clear();
                }
                if (degradation.journaling() && System.nanoTime() >= nextReconnect) {
                    recover();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Audit writer failure", e);
                batch.forEach(p -> p.done().completeExceptionally(new AuditUnavailableException(e.getMessage())));
                batch.clear();
            }
        }
    }

    private void fillUntilMaxWait(List<Pending> batch) throws InterruptedException {
        long waitNanos = config.maxWait().toNanos();
        if (waitNanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + waitNanos;
        while (batch.size() < config.maxBatch()) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, config.maxBatch() - batch.size());
        }
    }

    /** PostgreSQL first (unless journaling); whatever it did not settle — all of it while journaling — goes to the journal. */
    private void process(List<Pending> batch) {
        Settlement settlement = new Settlement(batch);
        if (!degradation.journaling()) {
            try {
                writeToDatabase(settlement);
            } catch (SQLException | RuntimeException e) {
                LOG.errorf("PostgreSQL rejected an audit batch (%s); journaling until it is back", e.getMessage());
                closeConnection();
                degradation.journaling(true);
                nextReconnect = System.nanoTime() + config.reconnectInterval().toNanos();
            }
        }
        List<Pending> unsettled = settlement.unsettled();
        AuditUnavailableException failure = null;
        if (!unsettled.isEmpty()) {
            try {
                journal.append(unsettled.stream().map(Pending::entry).toList());
                journalBroken = false;
                journalBacklog += unsettled.size();
                journaled.increment(unsettled.size());
                settlement.stored(unsettled);
            } catch (IOException e) {
                journalBroken = true;
                LOG.error("The audit journal cannot be written: decisions fail closed", e);
                failure = new AuditUnavailableException("Neither PostgreSQL nor the local journal can record the decision");
            }
        }
        settlement.answer(failure);
    }

    /**
     * Appends a batch: one round trip to {@code audit_append} in the happy path. Records PostgreSQL
     * refuses are isolated and quarantined (then durable: {@link Stored}). Entries are settled as
     * they are, so a failure part-way leaves the rest to the journal and keeps the answers already
     * known.
     */
    private void writeToDatabase(Settlement settlement) throws SQLException {
        Connection c = connection();
        List<Pending> primaries = settlement.primaries();
        long started = System.nanoTime();
        PoisonIsolation.commit(c, primaries, part -> settle(c, settlement, part), (p, refusal) -> {
            quarantine.store(c, p.entry(), refusal);
            settlement.stored(p);
        });
        batchSizes.record(primaries.size());
        commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * Appends the entries of {@code part} not settled yet; command ids decided before are answered
     * with their original record and the rest is appended again.
     */
    private void settle(Connection c, Settlement settlement, List<Pending> part) throws SQLException {
        List<Pending> remaining = settlement.unsettled(part);
        while (!remaining.isEmpty()) {
            Map<String, String> decidedBefore = chain.append(c, remaining.stream().map(Pending::entry).toList(), true);
            if (decidedBefore.isEmpty()) {
                committed.increment(remaining.size());
            }
            remaining = settlement.appended(remaining, decidedBefore);
        }
    }

    /** While journaling: if PostgreSQL answers again, drain the journal oldest-first, then write directly. */
    private void recover() {
        nextReconnect = System.nanoTime() + config.reconnectInterval().toNanos();
        try {
            if (!connection().isValid(2)) {
                throw new SQLException("PostgreSQL does not answer");
            }
            Journal.Segment segment;
            while ((segment = journal.oldest()) != null) {
                drain(segment);
                journal.delete(segment);
                journalBacklog = Math.max(0, journalBacklog - segment.entries().size());
            }
            journalBacklog = 0;
            degradation.journaling(false);
            LOG.info("PostgreSQL is back: the audit journal is drained");
        } catch (SQLException | IOException | RuntimeException e) {
            closeConnection();
            LOG.debugf("PostgreSQL still unavailable for the audit log: %s", e.getMessage());
        }
    }

    /**
     * Stores a journal segment. Entries already present or quarantined (the process died between
     * commit and deleting the segment) are skipped by decision id, so a drain is safe to repeat.
     * Journaled decisions were answered already, so they are stored even if their command id was
     * registered; one PostgreSQL refuses is quarantined, so it cannot block the drain.
     */
    private void drain(Journal.Segment segment) throws SQLException {
        if (segment.entries().isEmpty()) {
            return;
        }
        Connection c = connection();
        Set<UUID> present = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT u.id FROM unnest(?::uuid[]) AS u(id) WHERE EXISTS (SELECT 1 FROM"
                + " decision_log d WHERE d.decision_id = u.id) OR EXISTS (SELECT 1 FROM audit_quarantine q WHERE q.decision_id = u.id)")) {
            ps.setArray(1, c.createArrayOf("uuid", segment.entries().stream().map(AuditEntry::decisionId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add((UUID) rs.getObject(1));
                }
            }
        }
        List<AuditEntry> missing = segment.entries().stream().filter(e -> !present.contains(e.decisionId())).toList();
        // Appended in chunks so one call stays a reasonable size whatever the backlog.
        for (int i = 0; i < missing.size(); i += config.maxBatch()) {
            List<AuditEntry> chunk = missing.subList(i, Math.min(missing.size(), i + config.maxBatch()));
            PoisonIsolation.commit(c, chunk, part -> {
                chain.append(c, part, false);
                committed.increment(part.size());
            }, (entry, refusal) -> quarantine.store(c, entry, refusal));
        }
    }

    private Connection connection() throws SQLException {
        return connection.get();
    }

    private void closeConnection() {
        connection.discard();
    }
}

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
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes audit entries durably, many requests per database round trip (group commit): the queue
 * and the one thread that owns everything that must be ordered.
 *
 * <p>The thread takes whatever entries are waiting (up to {@code max-batch}; entries arriving
 * during a commit form the next batch) and sends the batch to PostgreSQL — one call of
 * {@code audit_append}, one round trip, one transaction ({@link ChainAppender}). Only then are the
 * callers' futures completed, as {@link Settlement} says: no decision is answered before it is
 * durable.
 *
 * <p>When PostgreSQL fails, the batch goes to the local {@link Journal} (forced to disk) and the
 * writer keeps journaling until PostgreSQL answers again; {@link JournalRecovery} then drains the
 * journal before entries are written directly again. If the journal cannot be written either, the
 * callers get {@link AuditUnavailableException}.
 *
 * <p>A record PostgreSQL refuses (rather than PostgreSQL being away) must not send the writer to
 * the journal: it would be refused again at every drain. {@link PoisonIsolation} commits the rest
 * of its batch in order and {@link AuditQuarantine} keeps the record — on the direct path and when
 * draining the journal alike.
 *
 * <p>Its parts are plain objects, not beans: their state — the connection
 * ({@link WriterConnection}), the chain head, the journal — belongs to the one thread.
 */
@ApplicationScoped
public class AuditWriter {
    private static final Logger LOG = Logger.getLogger(AuditWriter.class);

    private final AuditConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final AuditQuarantine quarantine;
    private final Degradation degradation;
    private final WriterConnection connection;
    private final ChainAppender chain;

    private ArrayBlockingQueue<Pending> queue;
    private Journal journal;
    /** Set once at start; read by health and metrics on other threads. */
    private volatile JournalRecovery recovery;
    private Thread thread;
    private volatile boolean running;
    private volatile boolean journalBroken;
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

    @Inject
    public AuditWriter(AuditConfig config, ObjectMapper json, MeterRegistry metrics, AuditQuarantine quarantine,
                       Degradation degradation, Config settings) {
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.quarantine = quarantine;
        this.degradation = degradation;
        this.connection = new WriterConnection(settings);
        this.chain = new ChainAppender();
    }

    void start(@Observes @Priority(10) StartupEvent event) throws IOException {
        queue = new ArrayBlockingQueue<>(config.queueCapacity());
        journal = new Journal(Journal.dir(config.journalDir()), json);
        committed = metrics.counter("arbiter.audit.records.committed");
        journaled = metrics.counter("arbiter.audit.records.journaled");
        batchSizes = DistributionSummary.builder("arbiter.audit.batch.size").register(metrics);
        commitTimer = Timer.builder("arbiter.audit.commit").publishPercentiles(0.5, 0.99).register(metrics);
        recovery = new JournalRecovery(journal, journal.backlog(), connection, chain, quarantine, degradation, committed, config);
        metrics.gauge("arbiter.audit.journal.backlog", recovery, JournalRecovery::backlog);
        metrics.gauge("arbiter.audit.degraded", degradation, d -> d.status().degraded() ? 1 : 0);
        degradation.journaling(recovery.backlog() > 0);
        // A journal left by a crash is drained before anything new is written.
        if (degradation.journaling()) {
            LOG.infof("Draining %d journaled audit records left from an earlier run", recovery.backlog());
            recovery.recover();
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
        connection.discard();
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
        JournalRecovery r = recovery;
        return r == null ? 0 : r.backlog();
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
                if (degradation.journaling() && recovery.due()) {
                    recovery.recover();
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
                connection.discard();
                degradation.journaling(true);
                recovery.postpone();
            }
        }
        List<Pending> unsettled = settlement.unsettled();
        AuditUnavailableException failure = null;
        if (!unsettled.isEmpty()) {
            try {
                journal.append(unsettled.stream().map(Pending::entry).toList());
                journalBroken = false;
                recovery.journaled(unsettled.size());
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
        Connection c = connection.get();
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
            var decidedBefore = chain.append(c, remaining.stream().map(Pending::entry).toList(), true);
            if (decidedBefore.isEmpty()) {
                committed.increment(remaining.size());
            }
            remaining = settlement.appended(remaining, decidedBefore);
        }
    }
}

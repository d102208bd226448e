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
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes audit entries durably, many requests per database round trip (group commit).
 *
 * <p>One thread owns everything that must be ordered: it takes whatever entries are waiting (up
 * to {@code max-batch}), and in one transaction locks the chain head, registers command ids
 * (idempotency), links each entry into the hash chain, COPYs the rows and commits. Only then are
 * the callers' futures completed, so no decision is answered before it is durable.
 *
 * <p>When PostgreSQL fails, the batch goes to the local {@link Journal} (forced to disk) and
 * the writer keeps journaling until PostgreSQL answers again; then it drains the journal, oldest
 * first, before writing new entries directly — order is kept and nothing is written twice. If the
 * journal cannot be written either, the callers get {@link AuditUnavailableException}.
 */
@ApplicationScoped
public class AuditWriter {
    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    static final String GENESIS = "0".repeat(64);

    @Inject
    AuditConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    @Inject
    AuditPartitions partitions;

    private ArrayBlockingQueue<Pending> queue;
    private Journal journal;
    private Connection connection;
    private Thread thread;
    private volatile boolean running;
    private volatile boolean journaling;
    private volatile boolean journalBroken;
    private volatile long journalBacklog;
    private long nextReconnect;
    private final Set<LocalDate> knownPartitions = new HashSet<>();
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

    record Pending(AuditEntry entry, CompletableFuture<Written> done) {
    }

    void start(@Observes @Priority(10) StartupEvent event) throws IOException {
        queue = new ArrayBlockingQueue<>(config.queueCapacity());
        journal = new Journal(journalDir(), json);
        committed = metrics.counter("arbiter.audit.records.committed");
        journaled = metrics.counter("arbiter.audit.records.journaled");
        batchSizes = DistributionSummary.builder("arbiter.audit.batch.size").register(metrics);
        commitTimer = Timer.builder("arbiter.audit.commit").publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("arbiter.audit.journal.backlog", this, w -> w.journalBacklog);
        metrics.gauge("arbiter.audit.degraded", this, w -> w.journaling ? 1 : 0);
        journalBacklog = journal.backlog();
        journaling = journalBacklog > 0;
        // A journal left by a crash is drained before anything new is written.
        if (journaling) {
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
        } else if (journalBroken && journaling) {
            done.completeExceptionally(new AuditUnavailableException("Neither PostgreSQL nor the local journal can be written"));
        } else if (!queue.offer(new Pending(entry, done))) {
            done.completeExceptionally(new AuditUnavailableException("The audit log is " + queue.size() + " records behind"));
        }
        return done;
    }

    /** For health and metrics: true while decisions are journaled because PostgreSQL is unreachable. */
    public boolean journaling() {
        return journaling;
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
                if (journaling && System.nanoTime() >= nextReconnect) {
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

    private void process(List<Pending> batch) {
        // Racing duplicates within one batch: the first entry of a command id is written, the
        // others are answered with it.
        Map<String, Pending> primaries = new LinkedHashMap<>();
        Map<Pending, Pending> followers = new HashMap<>();
        for (Pending p : batch) {
            Pending first = primaries.putIfAbsent(p.entry().commandId(), p);
            if (first != null) {
                followers.put(p, first);
            }
        }
        List<Pending> toWrite = new ArrayList<>(primaries.values());
        Map<Pending, Written> results = null;
        if (!journaling) {
            try {
                results = writeToDatabase(toWrite);
            } catch (SQLException | RuntimeException e) {
                LOG.errorf("PostgreSQL rejected an audit batch (%s); journaling until it is back", e.getMessage());
                closeConnection();
                journaling = true;
                nextReconnect = System.nanoTime() + config.reconnectInterval().toNanos();
            }
        }
        if (results == null) {
            results = new HashMap<>();
            try {
                journal.append(toWrite.stream().map(Pending::entry).toList());
                journalBroken = false;
                journalBacklog += toWrite.size();
                journaled.increment(toWrite.size());
                for (Pending p : toWrite) {
                    results.put(p, new Stored());
                }
            } catch (IOException e) {
                journalBroken = true;
                LOG.error("The audit journal cannot be written: decisions fail closed", e);
                AuditUnavailableException failure = new AuditUnavailableException(
                        "Neither PostgreSQL nor the local journal can record the decision");
                batch.forEach(p -> p.done().completeExceptionally(failure));
                return;
            }
        }
        for (Pending p : toWrite) {
            p.done().complete(results.get(p));
        }
        for (Map.Entry<Pending, Pending> f : followers.entrySet()) {
            Written w = results.get(f.getValue());
            f.getKey().done().complete(w instanceof Duplicate d ? d : new Duplicate(f.getValue().entry().record()));
        }
    }

    /** One transaction: chain head lock, idempotency registration, COPY, new head. */
    private Map<Pending, Written> writeToDatabase(List<Pending> batch) throws SQLException {
        Connection c = connection();
        long started = System.nanoTime();
        Map<Pending, Written> results = new HashMap<>();
        try {
            Set<String> registered = register(c, batch);
            Map<String, String> originals = originals(c, batch, registered);
            List<AuditEntry> accepted = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                String original = originals.get(p.entry().commandId());
                if (original != null) {
                    results.put(p, new Duplicate(original));
                } else {
                    accepted.add(p.entry());
                    results.put(p, new Stored());
                }
            }
            insertChained(c, accepted);
            c.commit();
            committed.increment(accepted.size());
            batchSizes.record(batch.size());
            commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return results;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /** Inserts the command ids; returns those that were new. */
    private static Set<String> register(Connection c, List<Pending> batch) throws SQLException {
        String[] ids = new String[batch.size()];
        String[] decisions = new String[batch.size()];
        String[] times = new String[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            AuditEntry e = batch.get(i).entry();
            ids[i] = e.commandId();
            decisions[i] = e.decisionId().toString();
            times[i] = e.decidedAt().toString();
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO command_registry (command_id, decision_id, decided_at)"
                + " SELECT u.c, u.d::uuid, u.t::timestamptz FROM unnest(?::text[], ?::text[], ?::text[]) AS u(c, d, t)"
                + " ON CONFLICT (command_id) DO NOTHING RETURNING command_id")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", decisions));
            ps.setArray(3, c.createArrayOf("text", times));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        return inserted;
    }

    /**
     * For command ids decided before, the original record. A registry row whose decision is
     * gone (dropped by retention) no longer counts: it is pointed at the new decision.
     */
    private static Map<String, String> originals(Connection c, List<Pending> batch, Set<String> registered)
            throws SQLException {
        List<Pending> conflicts = batch.stream().filter(p -> !registered.contains(p.entry().commandId())).toList();
        Map<String, String> originals = new HashMap<>();
        if (conflicts.isEmpty()) {
            return originals;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT r.command_id, d.record FROM command_registry r"
                + " JOIN decision_log d ON d.decision_id = r.decision_id AND d.decided_at = r.decided_at"
                + " WHERE r.command_id = ANY(?::text[])")) {
            ps.setArray(1, c.createArrayOf("text", conflicts.stream().map(p -> p.entry().commandId()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    originals.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE command_registry SET decision_id = ?, decided_at = ? WHERE command_id = ?")) {
            for (Pending p : conflicts) {
                if (!originals.containsKey(p.entry().commandId())) {
                    ps.setObject(1, p.entry().decisionId());
                    ps.setTimestamp(2, java.sql.Timestamp.from(p.entry().decidedAt()));
                    ps.setString(3, p.entry().commandId());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        return originals;
    }

    /** Links entries into the chain after the locked head and COPYs them in; moves the head. */
    private void insertChained(Connection c, List<AuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        long seq;
        String prev;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_chain_head FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
            prev = rs.getString(2);
        }
        ensurePartitions(c, entries);
        StringBuilder csv = new StringBuilder(entries.size() * 2048);
        MessageDigest sha = sha256();
        for (AuditEntry e : entries) {
            seq++;
            String hash = chainHash(sha, prev, seq, e.record());
            csv.append(seq).append(',').append(e.decisionId()).append(',').append(e.decidedAt()).append(',');
            quote(csv, e.commandId()).append(',');
            quote(csv, e.commandType()).append(',');
            quote(csv, e.businessKey()).append(',');
            quote(csv, e.correlationId()).append(',');
            quote(csv, e.tenant()).append(',');
            quote(csv, e.owner()).append(',');
            quote(csv, e.outcome()).append(',').append(e.revision()).append(',');
            quote(csv, e.record()).append(',').append(prev).append(',').append(hash).append('\n');
            prev = hash;
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY decision_log (seq, decision_id, decided_at, command_id,"
                    + " command_type, business_key, correlation_id, tenant, owner, outcome, revision, record, prev_hash, hash)"
                    + " FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into decision_log failed", e);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_chain_head SET seq = ?, hash = ?")) {
            ps.setLong(1, seq);
            ps.setString(2, prev);
            ps.executeUpdate();
        }
    }

    private void ensurePartitions(Connection c, List<AuditEntry> entries) throws SQLException {
        Set<LocalDate> days = new TreeSet<>();
        for (AuditEntry e : entries) {
            LocalDate day = LocalDate.ofInstant(e.decidedAt(), ZoneOffset.UTC);
            if (!knownPartitions.contains(day)) {
                days.add(day);
            }
        }
        for (LocalDate day : days) {
            partitions.ensure(c, day);
            knownPartitions.add(day);
        }
    }

    /** While journaling: if PostgreSQL answers again, drain the journal oldest-first, then write directly. */
    private void recover() {
        nextReconnect = System.nanoTime() + config.reconnectInterval().toNanos();
        try {
            Journal.Segment segment;
            while ((segment = journal.oldest()) != null) {
                drain(segment);
                journal.delete(segment);
                journalBacklog = Math.max(0, journalBacklog - segment.entries().size());
            }
            journalBacklog = 0;
            journaling = false;
            LOG.info("PostgreSQL is back: the audit journal is drained");
        } catch (SQLException | IOException | RuntimeException e) {
            closeConnection();
            LOG.debugf("PostgreSQL still unavailable for the audit log: %s", e.getMessage());
        }
    }

    /**
     * Stores a journal segment. Entries already present (the process died between commit and
     * deleting the segment) are skipped by decision id, so a drain is safe to repeat. Journaled
     * decisions were answered already, so they are stored even if their command id was registered.
     */
    private void drain(Journal.Segment segment) throws SQLException {
        if (segment.entries().isEmpty()) {
            return;
        }
        Connection c = connection();
        try {
            Set<UUID> present = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT decision_id FROM decision_log WHERE decision_id = ANY(?::uuid[])")) {
                ps.setArray(1, c.createArrayOf("uuid", segment.entries().stream().map(AuditEntry::decisionId).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        present.add((UUID) rs.getObject(1));
                    }
                }
            }
            List<AuditEntry> missing = segment.entries().stream().filter(e -> !present.contains(e.decisionId())).toList();
            List<Pending> asPending = missing.stream().map(e -> new Pending(e, null)).toList();
            if (!asPending.isEmpty()) {
                register(c, asPending);
            }
            insertChained(c, missing);
            c.commit();
            committed.increment(missing.size());
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            var config = ConfigProvider.getConfig();
            Properties props = new Properties();
            config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> props.setProperty("user", u));
            config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(p -> props.setProperty("password", p));
            props.setProperty("connectTimeout", "2");
            props.setProperty("socketTimeout", "30");
            props.setProperty("tcpKeepAlive", "true");
            props.setProperty("ApplicationName", "arbiter-audit-writer");
            connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), props);
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being discarded because it failed
            }
            connection = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed by the caller's failure handling
        }
    }

    private Path journalDir() {
        return config.journalDir().map(Path::of).orElseGet(() -> Path.of(ConfigProvider.getConfig()
                .getOptionalValue("arbiter.embedded.data-dir", String.class).orElse(".arbiter")).resolve("journal"));
    }

    /** hash = hex(sha256(prev_hash + "\n" + seq + "\n" + record)). */
    static String chainHash(MessageDigest sha, String prev, long seq, String record) {
        sha.reset();
        sha.update((prev + "\n" + seq + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(record.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StringBuilder quote(StringBuilder sb, String value) {
        if (value == null) {
            return sb; // unquoted empty = NULL in COPY csv
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                sb.append('"');
            }
            sb.append(ch);
        }
        return sb.append('"');
    }
}

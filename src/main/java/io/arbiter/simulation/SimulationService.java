package io.arbiter.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arbiter.audit.AuditQuery;
import io.arbiter.audit.AuditReader;
import io.arbiter.database.StoreException;
import io.arbiter.database.Transactions;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalRejectedException;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetNotFoundException;
import io.arbiter.ruleset.RuleSetService;
import io.arbiter.security.Caller;
import io.arbiter.security.TenantScope;
import io.arbiter.signals.SignalBoard;
import io.arbiter.signals.UnknownSignalException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stored simulations: accepts a request (validated and resolved at once, so the stored source
 * says exactly what will be replayed), runs it in the background off the decide threads, records
 * progress, honours cancellation from any replica, and stores the report.
 *
 * <p>Owns the store's transactions: every state change is a short transaction of its own. None is
 * held while a history is resolved or replayed — those read the audit log, which is plain JDBC on
 * connections of its own, and take seconds to minutes.
 */
@ApplicationScoped
public class SimulationService {
    private static final Logger LOG = Logger.getLogger(SimulationService.class);
    /** How often a replica touches its simulations; one silent for {@link #STALE_AFTER} is failed as abandoned. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration STALE_AFTER = Duration.ofSeconds(60);
    static final int MAX_EXAMPLES = 100;

    private final SimulationStore store;
    private final RuleSetService ruleSets;
    private final AuditReader audit;
    private final SimulationConfig config;
    private final Event<SimulationCompleted> completed;
    private final SignalBoard signals;

    /** This replica's queued and running simulations, with their cancel flags. */
    private final Map<UUID, AtomicBoolean> local = new ConcurrentHashMap<>();
    private ExecutorService runner;

    @Inject
    public SimulationService(SimulationStore store, RuleSetService ruleSets, AuditReader audit, SimulationConfig config,
                             Event<SimulationCompleted> completed, SignalBoard signals) {
        this.signals = signals;
        this.store = store;
        this.ruleSets = ruleSets;
        this.audit = audit;
        this.config = config;
        this.completed = completed;
    }

    @PostConstruct
    void startRunner() {
        AtomicInteger n = new AtomicInteger();
        runner = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "simulation-" + n.incrementAndGet());
            t.setDaemon(true);
            // Replay is batch work: decide's threads go first when the cores are busy.
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** Running simulations stop with the service; their stale heartbeat marks them FAILED for whoever looks next. */
    void onStop(@Observes ShutdownEvent event) {
        local.values().forEach(flag -> flag.set(true));
        runner.shutdownNow();
    }

    /**
     * Accepts a simulation of {@code candidate} over {@code source}, against the recorded decisions
     * ({@code baseline} null) or another revision. Returns it QUEUED; it runs in the background.
     * {@code assumedSignals} (name → the value as JSON gave it; empty: none) is a "what if": every
     * decision is replayed with those values instead of the ones it recorded.
     */
    @Transactional(Transactional.TxType.NEVER)
    public Simulation submit(int candidate, Integer baseline, SimulationSource source, Integer examples,
                             Map<String, Object> assumedSignals, Caller caller) {
        try {
            return accept(candidate, baseline, source, examples, assumed(assumedSignals), caller);
        } catch (RuntimeException e) {
            if (source instanceof SimulationSource.Upload upload) {
                delete(upload.file());
            }
            throw e;
        }
    }

    /** The assumed values checked against their declarations, as decide compares them. */
    private Map<String, Object> assumed(Map<String, Object> raw) {
        Map<String, Object> assumed = new java.util.TreeMap<>();
        raw.forEach((name, value) -> {
            SignalDeclaration declaration = signals.declarations().get(name);
            if (declaration == null) {
                throw new SimulationRejectedException(422, "signals." + name, new UnknownSignalException(name,
                        signals.declarations().keySet()).getMessage());
            }
            try {
                assumed.put(name, declaration.value(value));
            } catch (SignalRejectedException e) {
                throw new SimulationRejectedException(400, "signals." + name, e.getMessage());
            }
        });
        return assumed;
    }

    private Simulation accept(int candidate, Integer baseline, SimulationSource source, Integer examples,
                              Map<String, Object> assumed, Caller caller) {
        requireRevision("candidateRevision", candidate);
        if (baseline != null) {
            requireRevision("baseline", baseline);
        } else if (source instanceof SimulationSource.Upload upload && startsWithBareEnvelope(upload.file())) {
            throw new SimulationRejectedException(422, "baseline", "The history holds bare command envelopes, which record"
                    + " no decision to compare with: give a baseline revision to evaluate side by side");
        }
        int keep = examples == null ? config.examples() : examples;
        if (keep < 0 || keep > MAX_EXAMPLES) {
            throw new SimulationRejectedException(400, "examples", "must be between 0 and " + MAX_EXAMPLES);
        }
        if (local.size() >= config.concurrency() + config.maxQueued()) {
            throw new SimulationRejectedException(429, null, "Too many simulations queued on this replica ("
                    + config.maxQueued() + "); wait for one to finish or cancel one");
        }
        // PostgreSQL keeps microseconds: the stored window must be the one replayed.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        Plan plan = plan(source, now, caller, assumed);
        Transactions.run(() -> store.insert(id, candidate, baseline, plan.kind(), plan.json(), caller.name(), caller.tenant(),
                now));
        AtomicBoolean cancel = new AtomicBoolean();
        local.put(id, cancel);
        try {
            runner.execute(() -> run(id, candidate, baseline, plan, keep, now, cancel));
        } catch (RejectedExecutionException e) {
            local.remove(id);
            Transactions.run(() -> store.finish(id, Simulation.Status.FAILED, 0, "The service is stopping", Instant.now()));
            throw new SimulationRejectedException(503, null, "The service is stopping; submit the simulation again");
        }
        return find(id, caller);
    }

    /** A simulation the caller may see: another tenant's is "not found" for a tenant-bound caller. */
    public Simulation find(UUID id, Caller caller) {
        return Transactions.call(() -> store.find(id)).filter(s -> !caller.tenantBound() || caller.tenant().equals(s.tenant()))
                .orElseThrow(() -> new SimulationNotFoundException("No simulation " + id));
    }

    public List<Simulation> list(Integer candidate, int limit, Caller caller) {
        return Transactions.call(() -> store.list(candidate, caller.tenant(), limit));
    }

    /** Cancels a queued or running simulation; 409 (as {@link SimulationRejectedException}) once it has finished. */
    public Simulation cancel(UUID id, Caller caller) {
        Simulation current = find(id, caller);
        if (current.status().finished()) {
            throw new SimulationRejectedException(409, null, "Simulation " + id + " has already finished ("
                    + current.status() + ")");
        }
        AtomicBoolean flag = local.get(id);
        if (flag != null) {
            flag.set(true);
        }
        return Transactions.call(() -> store.requestCancel(id, Instant.now())).orElseThrow();
    }

    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        try {
            Instant now = Instant.now();
            // Two transactions, as two replicas sweeping at once must not each hold their own rows
            // while waiting for the other's.
            Transactions.run(() -> store.heartbeat(local.keySet(), now));
            int abandoned = Transactions.call(() -> store.abandonStale(now.minus(STALE_AFTER), now));
            if (abandoned > 0) {
                LOG.warnf("%d simulation(s) abandoned by a stopped replica marked FAILED", abandoned);
            }
        } catch (StoreException e) {
            LOG.warnf("Could not record simulation heartbeats: %s", e.getMessage());
        }
    }

    private void requireRevision(String field, int revision) {
        try {
            ruleSets.find(revision);
        } catch (RuleSetNotFoundException e) {
            throw new SimulationRejectedException(422, field, "Revision " + revision + " does not exist");
        }
    }

    /** A source resolved to fixed bounds, and how to open it; the assumed signals travel with it, as stored. */
    private record Plan(Simulation.SourceKind kind, String json, AuditQuery query, long fromSeq, long toSeq, Path file,
                        Map<String, Object> assumedSignals) {
    }

    private Plan plan(SimulationSource source, Instant now, Caller caller, Map<String, Object> assumed) {
        ObjectNode json = HistoryReader.JSON.createObjectNode();
        if (!assumed.isEmpty()) {
            // Stored with the source: what was replayed includes what was assumed.
            ObjectNode what = json.putObject("signals");
            assumed.forEach((name, value) -> what.set(name, HistoryReader.JSON.valueToTree(value)));
        }
        if (source instanceof SimulationSource.Upload upload) {
            json.putObject("file").put("name", upload.fileName()).put("bytes", upload.bytes());
            return new Plan(Simulation.SourceKind.FILE, json.toString(), null, 0, 0, upload.file(), assumed);
        }
        SimulationSource.AuditWindow log = (SimulationSource.AuditWindow) source;
        AuditQuery q = log.query();
        Instant to = q.to() != null ? q.to() : now;
        Instant from = q.from() != null ? q.from() : to.minus(config.defaultWindow());
        if (!from.isBefore(to)) {
            throw new SimulationRejectedException(400, "source.auditLog.from", "must be before 'to' (" + to + ")");
        }
        if (log.last() != null && log.last() < 1) {
            throw new SimulationRejectedException(400, "source.auditLog.last", "must be at least 1");
        }
        // A tenant-bound caller replays its own tenant's decisions only.
        String tenant = TenantScope.filter(caller, q.tenant(), "source.auditLog.tenant");
        AuditQuery resolved = new AuditQuery(q.commandId(), q.correlationId(), q.businessKey(), q.owner(), q.type(),
                q.revision(), q.outcome(), from, to, tenant);
        // Fixing the sequence range now makes the window exact: decisions arriving later are not replayed.
        long toSeq = audit.newestSeq();
        long fromSeq = log.last() == null ? 0 : audit.seqOfNewest(resolved, toSeq, log.last()).orElse(0L);
        ObjectNode window = json.putObject("auditLog");
        window.put("from", from.toString()).put("to", to.toString());
        putIfSet(window, "commandId", q.commandId());
        putIfSet(window, "correlationId", q.correlationId());
        putIfSet(window, "businessKey", q.businessKey());
        putIfSet(window, "owner", q.owner());
        putIfSet(window, "type", q.type());
        if (q.revision() != null) {
            window.put("revision", q.revision());
        }
        putIfSet(window, "outcome", q.outcome());
        putIfSet(window, "tenant", tenant);
        if (log.last() != null) {
            window.put("last", log.last());
        }
        window.put("fromSeq", fromSeq).put("toSeq", toSeq);
        return new Plan(Simulation.SourceKind.AUDIT_LOG, json.toString(), resolved, fromSeq, toSeq, null, assumed);
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private void run(UUID id, int candidateRevision, Integer baselineRevision, Plan plan, int examples, Instant acceptedAt,
                     AtomicBoolean cancel) {
        long[] processed = {0};
        try {
            if (!Transactions.call(() -> store.start(id, Instant.now()))) {
                return; // cancelled while queued
            }
            CompiledRuleSet candidate = ruleSets.compiled(candidateRevision);
            CompiledRuleSet baseline = baselineRevision == null ? null : ruleSets.compiled(baselineRevision);
            long total = plan.file() != null ? countLines(plan.file()) : audit.count(plan.query(), plan.fromSeq(), plan.toSeq());
            Transactions.run(() -> store.total(id, total));
            Replayer.Options options = new Replayer.Options(examples, n -> {
                processed[0] = n;
                if (Transactions.call(() -> store.progress(id, n, Instant.now()))) {
                    cancel.set(true);
                }
            }, cancel::get, config.threads(), plan.assumedSignals());
            SimulationReport report;
            if (plan.file() != null) {
                try (BufferedReader in = Files.newBufferedReader(plan.file(), StandardCharsets.UTF_8)) {
                    report = Replayer.run(new HistoryReader(in, acceptedAt), candidate, "revision " + candidateRevision,
                            baseline, options);
                }
            } else {
                report = Replayer.run(new HistoryReader(new AuditHistory(audit, plan.query(), plan.fromSeq(), plan.toSeq()),
                        acceptedAt), candidate, "revision " + candidateRevision, baseline, options);
            }
            String json = HistoryReader.JSON.writeValueAsString(report);
            Transactions.run(() -> store.complete(id, processed[0], report.replayed(), json, Instant.now()));
            LOG.infof("Simulation %s of revision %d completed: %,d replayed, %,d changed, %,d errors", id, candidateRevision,
                    report.replayed(), report.changed(), report.errors());
            completed.fire(new SimulationCompleted(id, candidateRevision));
        } catch (SimulationCancelledException e) {
            Transactions.run(() -> store.finish(id, Simulation.Status.CANCELLED, processed[0], null, Instant.now()));
            LOG.infof("Simulation %s cancelled after %,d records", id, processed[0]);
        } catch (JsonProcessingException e) {
            fail(id, processed[0], "Could not store the report: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            fail(id, processed[0], "Could not read the history: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            fail(id, processed[0], e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            local.remove(id);
            if (plan.file() != null) {
                delete(plan.file());
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", file, e.getMessage());
        }
    }

    private void fail(UUID id, long processed, String error, Exception e) {
        LOG.errorf(e, "Simulation %s failed", id);
        try {
            Transactions.run(() -> store.finish(id, Simulation.Status.FAILED, processed, error, Instant.now()));
        } catch (StoreException stored) {
            LOG.errorf("Could not record the failure of simulation %s; the heartbeat sweep will: %s", id, stored.getMessage());
        }
    }

    /** Whether the first non-blank line is a bare envelope rather than an audit record. */
    private static boolean startsWithBareEnvelope(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && line.isBlank()) {
                // skip blank lines, as the reader does
            }
            return line != null && HistoryReader.isBareEnvelope(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Non-blank lines: what the progress total counts. */
    private static long countLines(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return in.lines().filter(l -> !l.isBlank()).count();
        }
    }

    /** Copies an upload out of the request (whose temporary file is deleted when the request ends). */
    public static SimulationSource.Upload keep(java.io.InputStream upload, String fileName) {
        try (upload) {
            Path copy = Files.createTempFile("arbiter-simulation-", ".jsonl");
            Files.copy(upload, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new SimulationSource.Upload(copy, fileName, Files.size(copy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

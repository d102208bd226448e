package io.arbiter.ruleset;

import io.arbiter.database.StoreException;
import io.arbiter.database.Transactions;
import io.arbiter.security.Caller;
import io.arbiter.signals.SignalBoard;
import io.arbiter.security.RoleForbiddenException;
import io.arbiter.security.Roles;
import io.arbiter.security.TenantScope;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rule-set lifecycle: upload (compile, validate, store as DRAFT), activate (atomic swap) and
 * roll back (activate an earlier revision). Owns the one active compiled revision decide uses.
 *
 * <p>Owns the store's transactions too: each read or write is one short transaction, and none is
 * ever held across a Drools compilation — the methods that compile refuse to run inside one.
 */
@ApplicationScoped
public class RuleSetService {
    private static final Logger LOG = Logger.getLogger(RuleSetService.class);
    /** Sessions built per revision before it takes traffic (one per worker on this size of machine is plenty). */
    private static final int WARM_SESSIONS = 4;

    private final RuleSetStore store;
    private final RuleSetConfig config;

    private final RuleSetCompiler compiler;
    private final AtomicReference<CompiledRuleSet> active = new AtomicReference<>();
    /** Compiled drafts and recent revisions, so activation and rollback never compile on the swap. */
    private final Map<Integer, CompiledRuleSet> compiled = new ConcurrentHashMap<>();
    private final Object swapLock = new Object();

    @Inject
    public RuleSetService(RuleSetStore store, RuleSetConfig config, SignalBoard signals) {
        this.store = store;
        this.config = config;
        // Tables test only the signals this deployment declares: a revision testing another is rejected where it names it.
        this.compiler = new RuleSetCompiler(signals.declarations());
    }

    void onStart(@Observes StartupEvent event) {
        Integer revision = Transactions.call(store::activeRevision).orElse(null);
        if (revision == null) {
            List<RuleSetFile> files = BundledRuleSet.load();
            CompiledRuleSet bundled = compiler.compile(0, files);
            revision = Transactions.call(() -> store.bootstrap(files, manifestSha256(files), bundled.ruleCount(),
                    "Bundled default rule set", Instant.now()));
            LOG.infof("Empty store: the bundled rule set is revision %d (%d rules)", revision, bundled.ruleCount());
        }
        CompiledRuleSet current = compile(revision);
        active.set(current);
        LOG.infof("Active rule-set revision %d (%d rules); following activations by other replicas every %s",
                revision, current.ruleCount(), config.refreshInterval());
    }

    /**
     * Follows an activation made through another replica sharing the database. Serialised with
     * {@link #activate} so a slow refresh can never swap back to a revision read before it.
     */
    @Scheduled(every = "${arbiter.ruleset.refresh-interval:5s}", delayed = "${arbiter.ruleset.refresh-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void followStoredActivation() {
        synchronized (swapLock) {
            CompiledRuleSet current = active.get();
            if (current == null) {
                return;
            }
            try {
                Transactions.call(store::activeRevision).filter(stored -> stored != current.revision()).ifPresent(stored -> {
                    active.set(compile(stored));
                    LOG.infof("Followed activation of revision %d made elsewhere (was %d)", stored, current.revision());
                });
            } catch (StoreException e) {
                LOG.warnf("Could not check the active revision: %s", e.getMessage());
            }
        }
    }

    /** The revision that decides now. A caller keeps the reference for the whole decision. */
    public CompiledRuleSet active() {
        CompiledRuleSet current = active.get();
        if (current == null) {
            throw new IllegalStateException("No rule set is active yet");
        }
        return current;
    }

    /**
     * A new DRAFT revision: {@code base}'s files (default: the active revision's) with {@code upload}
     * replacing or adding files of the same name and {@code remove} dropping files. Compiled and
     * validated before anything is stored.
     */
    @Transactional(Transactional.TxType.NEVER)
    public RuleSetRevision upload(List<RuleSetFile> upload, Integer base, Set<String> remove, String note, Caller author) {
        Assembled next = assemble(upload, base, remove, author);
        // Compiled under a provisional number; the stored revision number is assigned by the store.
        CompiledRuleSet candidate = compiler.compile(0, next.files());
        RuleSetRevision stored = Transactions.call(() -> store.insert(next.files(), manifestSha256(next.files()),
                candidate.ruleCount(), next.base(), note, author.name(), author.subject(), Instant.now()));
        remember(stored.revision(), candidate.renumbered(stored.revision()).warmUp(WARM_SESSIONS));
        return stored;
    }

    /**
     * What {@link #upload} would refuse these files for — every problem, located — without storing
     * or keeping anything: empty when it would store them. The browser editor checks as the analyst
     * types. Refusals that are not about the files (a role, a tenant, an unknown base) are thrown as
     * {@code upload} throws them.
     */
    @Transactional(Transactional.TxType.NEVER)
    public List<RuleSetError> check(List<RuleSetFile> upload, Integer base, Set<String> remove, Caller author) {
        try {
            compiler.compile(0, assemble(upload, base, remove, author).files());
            return List.of();
        } catch (RuleSetRejectedException e) {
            return e.errors();
        }
    }

    /** The cells of a table file of a revision, as the browser editor shows them. */
    public List<TableGrids.Sheet> grid(int revision, String name) {
        return TableGrids.read(file(revision, name));
    }

    /** A table file of a revision as {@code kind} (see {@link TableFormats}): the stored file when it already is one. */
    public RuleSetFile file(int revision, String name, RuleSetFile.Kind kind) {
        return TableFormats.convert(file(revision, name), kind);
    }

    /**
     * Table files written from an editor's grids, each on the file of the same name in {@code base}
     * (default: the active revision) when there is one, so a workbook keeps its formatting.
     */
    public List<RuleSetFile> fromGrids(Map<String, List<TableGrids.SheetText>> grids, Integer base) {
        int baseRevision = base != null ? base : active().revision();
        Map<String, RuleSetFile> files = new TreeMap<>();
        Transactions.call(() -> store.files(find(baseRevision).revision())).forEach(f -> files.put(f.name(), f));
        List<RuleSetFile> written = new java.util.ArrayList<>();
        List<RuleSetError> problems = new java.util.ArrayList<>();
        grids.forEach((name, sheets) -> {
            try {
                written.add(TableGrids.write(name, sheets, files.get(name)));
            } catch (RuleSetRejectedException e) {
                problems.addAll(e.errors());
            }
        });
        if (!problems.isEmpty()) {
            throw new RuleSetRejectedException(problems);
        }
        return written;
    }

    /** A candidate's files and its base revision. */
    private record Assembled(List<RuleSetFile> files, int base) {
    }

    /** {@code base}'s files with {@code upload} and {@code remove} applied, every refusal of the request itself thrown. */
    private Assembled assemble(List<RuleSetFile> upload, Integer base, Set<String> remove, Caller author) {
        // A rule set routes every tenant's commands: a caller bound to one tenant may read it, not change it.
        TenantScope.requirePlatform(author, "Rule sets decide for every tenant; a caller bound to tenant '" + author.tenant()
                + "' may not upload them");
        int baseRevision = base != null ? base : active().revision();
        RuleSetRevision baseInfo = Transactions.call(() -> store.find(baseRevision))
                .orElseThrow(() -> new RuleSetNotFoundException("Base revision " + baseRevision + " does not exist"));
        Map<String, RuleSetFile> files = new TreeMap<>();
        Transactions.call(() -> store.files(baseInfo.revision())).forEach(f -> files.put(f.name(), f));
        List<RuleSetError> problems = new java.util.ArrayList<>();
        Set<String> uploadedNames = new java.util.HashSet<>();
        for (RuleSetFile f : upload) {
            if (!RuleSetFile.addressable(f.name())) {
                problems.add(RuleSetError.ofFile(f.name(), RuleSetFile.ADDRESSABLE_RULE));
                continue;
            }
            if (!uploadedNames.add(f.name())) {
                problems.add(RuleSetError.ofFile(f.name(), "Uploaded twice in one request"));
            }
            if (f.content().length > config.maxFileBytes()) {
                problems.add(RuleSetError.ofFile(f.name(), "The file is " + f.content().length + " bytes; a rule-set file may be at most "
                        + config.maxFileBytes() + " (arbiter.ruleset.max-file-bytes)"));
                continue;
            }
            requireEngineerForCode(f.name(), author);
            files.put(f.name(), f);
        }
        for (String name : remove) {
            requireEngineerForCode(name, author);
            if (uploadedNames.contains(name)) {
                problems.add(RuleSetError.ofFile(name, "Both uploaded and removed in one request"));
            } else if (files.remove(name) == null) {
                problems.add(RuleSetError.ofFile(name, "Cannot remove: revision " + baseRevision + " has no such file"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleSetRejectedException(problems);
        }
        return new Assembled(List.copyOf(files.values()), baseRevision);
    }

    /** DRL is code: only engineers add, replace or remove it. Tables are checked cell by cell instead (TableParser). */
    private static void requireEngineerForCode(String name, Caller author) {
        if (RuleSetFile.kindOf(name) == RuleSetFile.Kind.DRL && !author.has(Roles.ENGINEER)) {
            throw new RoleForbiddenException("file", "'" + name + "' is DRL, which is code: only the engineer role may"
                    + " upload, replace or remove it");
        }
    }

    /**
     * Makes a revision the one that decides, under a grant the release gate has checked. Compiles
     * and warms it first, then commits the change with its grant, then swaps the reference:
     * requests in flight finish on the revision they started with, new ones get this one, none waits.
     * The state change and its grant are one transaction, begun only once the revision is warm.
     */
    @Transactional(Transactional.TxType.NEVER)
    public RuleSetRevision activate(int revision, Activation.Grant grant) {
        RuleSetRevision info = find(revision);
        synchronized (swapLock) {
            CompiledRuleSet next = compile(revision);
            Transactions.run(() -> store.activate(revision, Instant.now(), grant));
            active.set(next);
        }
        LOG.infof("Activated rule-set revision %d (was %s; %s by %s%s%s)", revision, info.status(), grant.kind(),
                grant.activatedBy(), grant.simulationId() == null ? "" : ", simulation " + grant.simulationId(),
                grant.overrideReason() == null ? "" : ", gate overridden: " + grant.overrideReason());
        return find(revision);
    }

    /** Records that the revision passed the release gate's simulation (DRAFT becomes SIMULATED). */
    public void markSimulated(int revision) {
        Transactions.run(() -> store.markSimulated(revision));
    }

    public List<Activation> activations(int limit) {
        return Transactions.call(() -> store.activations(limit));
    }

    /** The compiled revision — for simulations, dry runs and pinned decisions — from memory when it is held. */
    @Transactional(Transactional.TxType.NEVER)
    public CompiledRuleSet compiled(int revision) {
        CompiledRuleSet cached = compiled.get(revision);
        if (cached != null) {
            // Held only after it was stored, and a stored revision is never deleted: no need to ask the
            // store again (a pinned decide asks on every request).
            return cached;
        }
        find(revision);
        return compile(revision);
    }

    public RuleSetRevision find(int revision) {
        return Transactions.call(() -> store.find(revision))
                .orElseThrow(() -> new RuleSetNotFoundException("Revision " + revision + " does not exist"));
    }

    public RuleSetRevision findActive() {
        return find(active().revision());
    }

    public List<RuleSetRevision> list() {
        return Transactions.call(store::list);
    }

    public RuleSetFile file(int revision, String name) {
        find(revision);
        return Transactions.call(() -> store.files(revision)).stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new RuleSetNotFoundException("Revision " + revision + " has no file '" + name + "'"));
    }

    private CompiledRuleSet compile(int revision) {
        CompiledRuleSet cached = compiled.get(revision);
        if (cached != null) {
            return cached;
        }
        List<RuleSetFile> files = Transactions.call(() -> store.files(revision));
        CompiledRuleSet fresh = compiler.compile(revision, files).warmUp(WARM_SESSIONS);
        remember(revision, fresh);
        return fresh;
    }

    /** Keeps the most recent compiled revisions (and always the active one) for instant activation and rollback. */
    private void remember(int revision, CompiledRuleSet ruleSet) {
        compiled.put(revision, ruleSet);
        CompiledRuleSet current = active.get();
        compiled.keySet().stream().sorted(Comparator.reverseOrder()).skip(8)
                .filter(r -> current == null || r != current.revision())
                .forEach(compiled::remove);
    }

    /**
     * The revision's fingerprint: SHA-256 over "name NUL sha256(content) LF" of every file in name
     * order — equal content gives an equal hash, whatever the upload order.
     */
    static String manifestSha256(List<RuleSetFile> files) {
        Map<String, String> byName = new TreeMap<>();
        files.forEach(f -> byName.put(f.name(), f.sha256()));
        StringBuilder manifest = new StringBuilder();
        byName.forEach((name, sha) -> manifest.append(name).append('\0').append(sha).append('\n'));
        return RuleSetFile.sha256(manifest.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package io.arbiter.signals;

import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.Observation;
import io.arbiter.decision.SignalSnapshot;
import io.arbiter.decision.SignalRejectedException;
import io.arbiter.database.StoreException;
import io.arbiter.database.Transactions;
import io.arbiter.security.Caller;
import io.arbiter.security.TenantForbiddenException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushed signals: validates and stores a push (refused for a signal polled from a source or derived
 * from another) with the next state of its latches, keeps this replica's snapshot current (at once
 * for its own pushes, every {@code arbiter.signals.refresh} for everyone else's), and answers what
 * each signal is now and who pushed what.
 */
@ApplicationScoped
public class SignalService {
    private static final Logger LOG = Logger.getLogger(SignalService.class);
    /** Where a pushed observation says it came from. */
    public static final String PUSHED = "push";
    public static final int MAX_PUSHES_PAGE = 1000;

    private final SignalBoard board;
    private final SignalStore store;
    private final SignalSources sources;
    private final SignalsConfig config;
    private final SignalSwitches switches;
    private final Clock clock;
    private final AtomicBoolean refreshFailing = new AtomicBoolean();

    @Inject
    public SignalService(SignalBoard board, SignalStore store, SignalSources sources, SignalsConfig config, SignalSwitches switches) {
        this(board, store, sources, config, switches, Clock.systemUTC());
    }

    SignalService(SignalBoard board, SignalStore store, SignalSources sources, SignalsConfig config, SignalSwitches switches, Clock clock) {
        this.board = board;
        this.store = store;
        this.sources = sources;
        this.config = config;
        this.switches = switches;
        this.clock = clock;
    }

    /** A signal as it stands: its contract, its latest observation (null if never observed), its age and staleness now. */
    public record Status(SignalDeclaration declaration, Observation observation, Duration age, boolean stale) {
    }

    /**
     * Records {@code caller}'s push of {@code raw} observed at {@code observedAt}; the signal as it
     * stands afterwards (an observation older than the one held is recorded but not applied).
     */
    public Status push(String name, Object raw, Instant observedAt, Caller caller) {
        SignalDeclaration declaration = board.declaration(name);
        if (caller.tenantBound()) {
            throw new TenantForbiddenException("name", "Signals steer every tenant's commands: a caller bound to tenant '"
                    + caller.tenant() + "' may not push them");
        }
        sources.requirePushed(name);
        Object value = declaration.value(raw);
        if (observedAt == null) {
            throw new SignalRejectedException("observedAt", "When the source observed the value is required (RFC 3339, e.g. 2026-11-30T12:00:00Z)");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (observedAt.isAfter(now.plus(config.maxClockSkew()))) {
            throw new SignalRejectedException("observedAt", "observedAt " + observedAt + " lies in the future (this service's clock reads "
                    + now + "; at most " + config.maxClockSkew() + " ahead is accepted)");
        }
        Instant observed = observedAt.truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        String text = SignalDeclaration.text(value);
        Stored stored = Transactions.call(() -> {
            SignalLatestEntity row = store.lockLatest(name);
            boolean applied = row == null || !row.observedAt.isAfter(observed);
            if (applied) {
                boolean first = row == null;
                Observation next = Observation.following(first ? null : row.observation(declaration), name, value, observed, PUSHED);
                if (first) {
                    row = new SignalLatestEntity();
                    row.name = name;
                }
                row.value = text;
                row.observedAt = observed;
                row.source = PUSHED;
                row.changedAt = next.changedAt();
                if (first) {
                    store.insertLatest(row);
                }
            }
            SignalPushEntity push = new SignalPushEntity();
            push.name = name;
            push.value = text;
            push.observedAt = observed;
            push.receivedAt = now;
            push.pushedBy = caller.name();
            push.subject = caller.subject();
            push.clientId = caller.clientId();
            push.applied = applied;
            store.recordPush(push);
            Observation latest = row.observation(declaration);
            return applied ? latch(latest) : new Stored(List.of(latest), List.of());
        });
        Observation latest = board.observeAll(stored.observations()).get(name);
        stored.switched().forEach(switches::count);
        return status(declaration, latest, now);
    }

    /** What a push leaves in PostgreSQL: the signal's row and its latches' rows; which latches switched. */
    private record Stored(List<Observation> observations, List<String> switched) {
    }

    /**
     * Moves {@code latest}'s latches on its newer observation, in the push's transaction: the source's
     * row lock (taken first, always) makes pushes of one signal take turns, so every latch row sees
     * the observations in one order and every replica reloads the same state.
     */
    private Stored latch(Observation latest) {
        List<Observation> observations = new ArrayList<>(List.of(latest));
        List<String> switched = new ArrayList<>();
        for (SignalLatch latch : sources.latchesOf(latest.name())) {
            SignalDeclaration declaration = board.declaration(latch.name());
            SignalLatestEntity row = store.lockLatest(latch.name());
            SignalLatch.Step step = latch.next(row == null ? null : row.observation(declaration), latest);
            Observation o = step.latch();
            boolean first = row == null;
            if (first) {
                row = new SignalLatestEntity();
                row.name = latch.name();
            }
            row.value = SignalDeclaration.text(o.value());
            row.observedAt = o.observedAt();
            row.source = o.source();
            row.changedAt = o.changedAt();
            if (first) {
                store.insertLatest(row);
            }
            observations.add(row.observation(declaration));
            if (step.switched()) {
                switched.add(latch.name());
            }
        }
        return new Stored(observations, switched);
    }

    /** Every declared signal as it stands now, by name. */
    public List<Status> all() {
        Instant now = clock.instant();
        SignalSnapshot snapshot = board.snapshot();
        List<Status> out = new ArrayList<>();
        for (SignalDeclaration d : board.declarations().values()) {
            out.add(status(d, snapshot.get(d.name()), now));
        }
        return out;
    }

    /** One declared signal as it stands now. */
    public Status get(String name) {
        SignalDeclaration declaration = board.declaration(name);
        return status(declaration, board.snapshot().get(name), clock.instant());
    }

    /** Who pushed {@code name} what, newest first. */
    public List<SignalPush> pushes(String name, Long beforeId, int limit) {
        board.declaration(name);
        return Transactions.call(() -> store.pushes(name, beforeId, limit));
    }

    private static Status status(SignalDeclaration d, Observation o, Instant now) {
        return o == null ? new Status(d, null, null, true) : new Status(d, o, o.ageAt(now), o.staleAt(now, d.maxAge()));
    }

    /** Other replicas' pushes reach this one's snapshot. A failure is logged once, and its end once. */
    @Scheduled(every = "${arbiter.signals.refresh:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        Map<String, SignalDeclaration> declared = board.declarations();
        if (declared.isEmpty()) {
            return;
        }
        try {
            List<Observation> latest = Transactions.call(() -> store.allLatest().stream()
                    .filter(row -> declared.containsKey(row.name)) // pushed before a redeploy dropped its declaration
                    .filter(row -> sources.stored(row.name)) // pushed before a redeploy gave the signal a source
                    .map(row -> row.observation(declared.get(row.name))).toList());
            board.observeAll(latest);
            if (refreshFailing.compareAndSet(true, false)) {
                LOG.info("Pushed signals are read from PostgreSQL again");
            }
        } catch (StoreException e) {
            if (refreshFailing.compareAndSet(false, true)) {
                LOG.warnf("Pushed signals cannot be read from PostgreSQL (%s): this replica keeps the values it has, which go stale"
                        + " by their contracts", e.getMessage());
            }
        }
    }

    /** The record of pushes is kept for {@code arbiter.signals.push-retention}. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purge() {
        try {
            int purged = Transactions.call(() -> store.purgePushes(clock.instant().minus(config.pushRetention())));
            if (purged > 0) {
                LOG.infof("Forgot %d signal push(es) older than %s", purged, config.pushRetention());
            }
        } catch (StoreException e) {
            LOG.warnf("Signal pushes could not be purged: %s", e.getMessage());
        }
    }
}

package io.arbiter.release;

import io.arbiter.database.Transactions;
import io.arbiter.ruleset.Activation;
import io.arbiter.security.Caller;
import io.arbiter.security.RoleForbiddenException;
import io.arbiter.security.Roles;
import io.arbiter.security.TenantForbiddenException;
import io.arbiter.security.SecurityConfig;
import org.jboss.logging.Logger;
import io.arbiter.ruleset.RuleSetRevision;
import io.arbiter.ruleset.RuleSetService;
import io.arbiter.simulation.Simulation;
import io.arbiter.simulation.SimulationCompleted;
import io.arbiter.simulation.SimulationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.UUID;

/**
 * Activation behind the release gate. A revision that never decided (DRAFT or SIMULATED) may be
 * activated only with a completed simulation of it over at least
 * {@code arbiter.release.min-simulated-decisions} decisions from the audit log — or, where the log
 * holds fewer since the active revision took over (a fresh install, a quiet service), over every
 * one of those, at least one — or with an override reason; either is stored with the activation. A RETIRED revision decided before, so
 * bringing it back is a rollback and needs neither — rollback must stay instant in an incident.
 *
 * <p>The gate reads simulations in short transactions of their own; the activation is
 * {@link RuleSetService}'s, which compiles before it begins the transaction that commits the change.
 */
@ApplicationScoped
public class ReleaseService {
    private static final Logger LOG = Logger.getLogger(ReleaseService.class);

    private final RuleSetService ruleSets;
    private final SimulationStore simulations;
    private final ReleaseConfig config;
    private final SecurityConfig security;

    @Inject
    public ReleaseService(RuleSetService ruleSets, SimulationStore simulations, ReleaseConfig config, SecurityConfig security) {
        this.ruleSets = ruleSets;
        this.simulations = simulations;
        this.config = config;
        this.security = security;
    }

    /** What releasing a revision would be: a first activation, a rollback, or nothing (it is active). */
    public enum Kind { ACTIVATION, ROLLBACK, ALREADY_ACTIVE }

    /** Why the caller cannot release now: a machine code and a sentence. */
    public enum Code { ROLE, FOUR_EYES, TENANT, NO_SIMULATION, TOO_FEW_DECISIONS, ALREADY_ACTIVE }

    /**
     * One reason the gate holds.
     *
     * @param replayed the most decisions a completed simulation of the revision replayed from the audit log
     *                 (TOO_FEW_DECISIONS), else null
     * @param required the decisions the gate needs (NO_SIMULATION, TOO_FEW_DECISIONS), else null
     */
    public record Reason(Code code, String message, Long replayed, Long required) {
        static Reason of(Code code, String message) {
            return new Reason(code, message, null, null);
        }

        /** Whether an override reason answers this one: only missing simulation evidence can be overridden. */
        public boolean overridable() {
            return code == Code.NO_SIMULATION || code == Code.TOO_FEW_DECISIONS;
        }
    }

    /**
     * The gate's verdict for one caller and revision, before anything happens.
     *
     * @param evidence   the simulation the release would stand on, or null
     * @param breakGlass the caller is the author and passes only because break-glass is on
     */
    public record Verdict(RuleSetRevision target, Kind kind, Simulation evidence, List<Reason> reasons,
                          boolean breakGlass) {
        /** The caller may release now, without an override. */
        public boolean allowed() {
            return reasons.isEmpty();
        }

        /** Only simulation evidence is missing, so an override reason would release the revision. */
        public boolean overridable() {
            return !reasons.isEmpty() && reasons.stream().allMatch(Reason::overridable);
        }
    }

    /** The gate's verdict for {@code caller} on {@code revision}, without acting on it. */
    public Verdict check(int revision, Caller caller) {
        return evaluate(revision, null, caller);
    }

    /**
     * @param simulationId   the simulation to release on (default: the newest that passes the gate)
     * @param overrideReason why the gate is skipped; only used when no simulation passes it
     * @param caller         who asks: never the revision's author (four-eyes) unless break-glass is on
     */
    public RuleSetRevision activate(int revision, UUID simulationId, String overrideReason, Caller caller) {
        Verdict verdict = evaluate(revision, simulationId, caller);
        String reason = overrideReason == null || overrideReason.isBlank() ? null : overrideReason.strip();
        for (Reason r : verdict.reasons()) {
            switch (r.code()) {
                case ALREADY_ACTIVE:
                    return verdict.target();
                case TENANT:
                    throw new TenantForbiddenException(null, r.message());
                case ROLE:
                case FOUR_EYES:
                    throw new RoleForbiddenException("revision", r.message());
                default:
                    if (reason == null) {
                        throw new ReleaseGateException("simulationId", r.message());
                    }
            }
        }
        if (verdict.breakGlass()) {
            LOG.warnf("BREAK-GLASS: %s activates revision %d, which they authored (arbiter.security.break-glass=true)",
                    caller.name(), revision);
        }
        String actor = caller.name();
        if (verdict.kind() == Kind.ROLLBACK) {
            // It was released (by someone other than its author) before: bringing it back is a rollback.
            return ruleSets.activate(revision, new Activation.Grant(Activation.Kind.ROLLBACK, actor, simulationId, null, false));
        }
        if (verdict.evidence() != null) {
            return ruleSets.activate(revision, new Activation.Grant(Activation.Kind.ACTIVATION, actor, verdict.evidence().id(), null,
                    verdict.breakGlass()));
        }
        // Released on the override alone: a simulation that did not qualify is not evidence, so none is recorded.
        return ruleSets.activate(revision, new Activation.Grant(Activation.Kind.ACTIVATION, actor, null, reason, verdict.breakGlass()));
    }

    /**
     * The one evaluation of the gate, shared by {@link #check} and {@link #activate}: every reason the
     * caller cannot release the revision now, in the order activation reports them (the first one wins).
     * A simulation the caller names that does not pass is refused outright: it is a wrong request, not
     * missing evidence an override could stand in for.
     */
    private Verdict evaluate(int revision, UUID simulationId, Caller caller) {
        List<Reason> reasons = new ArrayList<>();
        if (caller.tenantBound()) {
            reasons.add(Reason.of(Code.TENANT, "Rule sets decide for every tenant; a caller bound to tenant '" + caller.tenant()
                    + "' may not activate them"));
        }
        RuleSetRevision target = ruleSets.find(revision);
        if (target.status() == RuleSetRevision.Status.ACTIVE) {
            // Nothing to do: activating it again changes nothing (a tenant-bound caller is still refused first).
            reasons.add(Reason.of(Code.ALREADY_ACTIVE, "Revision " + revision + " is already active"));
            return new Verdict(target, Kind.ALREADY_ACTIVE, null, List.copyOf(reasons), false);
        }
        if (!caller.has(Roles.APPROVER)) {
            reasons.add(Reason.of(Code.ROLE, "Only an approver may activate a revision; " + caller.name() + " is not one"));
        }
        if (target.status() == RuleSetRevision.Status.RETIRED) {
            // Rollback: the revision decided before, so neither four-eyes nor a simulation applies.
            return new Verdict(target, Kind.ROLLBACK, null, List.copyOf(reasons), false);
        }
        boolean breakGlass = false;
        if (!caller.open() && authoredBy(target, caller)) {
            // Four-eyes: in open mode there are no identities to compare, so it never holds there.
            if (security.breakGlass()) {
                breakGlass = true;
            } else {
                reasons.add(Reason.of(Code.FOUR_EYES, "Four-eyes: " + caller.name() + " authored revision " + revision
                        + ", so another approver must activate it"));
            }
        }
        if (simulationId != null) {
            if (!reasons.isEmpty()) {
                // The caller may not release it at all: that is the answer, whatever the simulation named.
                return new Verdict(target, Kind.ACTIVATION, null, List.copyOf(reasons), breakGlass);
            }
            Simulation named = Transactions.call(() -> simulations.find(simulationId))
                    .orElseThrow(() -> new ReleaseGateException("simulationId", "No simulation " + simulationId));
            String unmet = unmet(named, revision, activeSince());
            if (unmet != null) {
                throw new ReleaseGateException("simulationId", "Simulation " + simulationId + " " + unmet);
            }
            return new Verdict(target, Kind.ACTIVATION, named, List.copyOf(reasons), breakGlass);
        }
        List<Simulation> completed = Transactions.call(() -> simulations.completed(revision));
        Instant since = activeSince();
        Optional<Simulation> passing = completed.stream().filter(s -> unmet(s, revision, since) == null).findFirst();
        if (passing.isPresent()) {
            return new Verdict(target, Kind.ACTIVATION, passing.get(), List.copyOf(reasons), breakGlass);
        }
        long required = config.minSimulatedDecisions();
        OptionalLong most = completed.stream().filter(s -> s.sourceKind() == Simulation.SourceKind.AUDIT_LOG)
                .mapToLong(s -> s.replayed() == null ? 0 : s.replayed()).max();
        String message = "Revision " + revision + " has no completed simulation over at least " + required
                + " decisions from the audit log, or over every decision since the active revision took over"
                + (completed.isEmpty() ? "" : " (its simulations replayed at most "
                + completed.stream().mapToLong(s -> s.replayed() == null ? 0 : s.replayed()).max().orElse(0) + ")")
                + ". Run POST /v1/simulations with candidateRevision " + revision
                + " over the audit log, or activate with an overrideReason (recorded with the activation).";
        reasons.add(most.isPresent()
                ? new Reason(Code.TOO_FEW_DECISIONS, message, most.getAsLong(), required)
                : new Reason(Code.NO_SIMULATION, message, null, required));
        return new Verdict(target, Kind.ACTIVATION, null, List.copyOf(reasons), breakGlass);
    }

    /**
     * Whether {@code caller} is the revision's author: the same identity-provider subject ({@code sub}),
     * which stays with a person when their display name changes and differs between two people who
     * share one. A revision stored before subjects were kept has only its author's name: that is
     * compared, as it was when the revision was uploaded.
     */
    static boolean authoredBy(RuleSetRevision target, Caller caller) {
        if (target.createdBySubject() != null) {
            return target.createdBySubject().equals(caller.subject());
        }
        return target.createdBy() != null && target.createdBy().equals(caller.name());
    }

    /** When the active revision took over: a simulation of every decision since then is all the evidence there is. */
    private Instant activeSince() {
        return ruleSets.findActive().activatedAt();
    }

    /** What keeps {@code s} from passing the gate for {@code revision}, or null; {@code since}: see {@link #activeSince}. */
    private String unmet(Simulation s, int revision, Instant since) {
        if (s.candidateRevision() != revision) {
            return "simulated revision " + s.candidateRevision() + ", not " + revision;
        }
        if (s.status() != Simulation.Status.COMPLETED) {
            return "is " + s.status() + ", not COMPLETED";
        }
        if (s.sourceKind() != Simulation.SourceKind.AUDIT_LOG) {
            return "replayed an uploaded file; the gate needs recent decisions from the audit log";
        }
        if (s.whatIf()) {
            return "replayed under assumed signals (a what-if); the gate needs the decisions with the signals they read";
        }
        long replayed = s.replayed() == null ? 0 : s.replayed();
        if (replayed >= config.minSimulatedDecisions()) {
            return null;
        }
        // Fewer than the minimum is enough when it is all there is: every decision since the active revision took over.
        if (replayed > 0 && since != null && s.replayedWholeLogSince(since)) {
            return null;
        }
        return "replayed " + replayed + " decisions; the gate needs at least " + config.minSimulatedDecisions()
                + ", or every decision since the active revision took over (" + since + "): a window of the audit log from"
                + " then, filtered by nothing";
    }

    /** A simulation that passes the gate makes its DRAFT candidate SIMULATED. */
    void onSimulationCompleted(@Observes SimulationCompleted done) {
        Transactions.call(() -> simulations.find(done.id()))
                .filter(s -> unmet(s, done.candidateRevision(), activeSince()) == null)
                .ifPresent(s -> ruleSets.markSimulated(done.candidateRevision()));
    }
}

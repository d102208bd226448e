package io.arbiter.release;

import io.arbiter.database.Transactions;
import io.arbiter.ruleset.Activation;
import io.arbiter.security.Caller;
import io.arbiter.security.RoleForbiddenException;
import io.arbiter.security.TenantScope;
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

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Activation behind the release gate. A revision that never decided (DRAFT or SIMULATED) may be
 * activated only with a completed simulation of it over at least
 * {@code arbiter.release.min-simulated-decisions} decisions from the audit log, or with an
 * override reason; either is stored with the activation. A RETIRED revision decided before, so
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

    /**
     * @param simulationId   the simulation to release on (default: the newest that passes the gate)
     * @param overrideReason why the gate is skipped; only used when no simulation passes it
     * @param caller         who asks: never the revision's author (four-eyes) unless break-glass is on
     */
    public RuleSetRevision activate(int revision, UUID simulationId, String overrideReason, Caller caller) {
        TenantScope.requirePlatform(caller, "Rule sets decide for every tenant; a caller bound to tenant '" + caller.tenant()
                + "' may not activate them");
        RuleSetRevision target = ruleSets.find(revision);
        String reason = overrideReason == null || overrideReason.isBlank() ? null : overrideReason.strip();
        String actor = caller.name();
        switch (target.status()) {
            case ACTIVE:
                return target;
            case RETIRED:
                // It was released (by someone other than its author) before: bringing it back is a rollback.
                return ruleSets.activate(revision, new Activation.Grant(Activation.Kind.ROLLBACK, actor, simulationId, null, false));
            default:
                break;
        }
        boolean breakGlass = fourEyes(target, caller);
        if (simulationId != null) {
            Simulation named = Transactions.call(() -> simulations.find(simulationId))
                    .orElseThrow(() -> new ReleaseGateException("simulationId", "No simulation " + simulationId));
            String unmet = unmet(named, revision);
            if (unmet != null) {
                throw new ReleaseGateException("simulationId", "Simulation " + simulationId + " " + unmet);
            }
            return ruleSets.activate(revision, new Activation.Grant(Activation.Kind.ACTIVATION, actor, simulationId, null, breakGlass));
        }
        List<Simulation> completed = Transactions.call(() -> simulations.completed(revision));
        Optional<Simulation> passing = completed.stream().filter(s -> unmet(s, revision) == null).findFirst();
        if (passing.isPresent()) {
            return ruleSets.activate(revision, new Activation.Grant(Activation.Kind.ACTIVATION, actor, passing.get().id(), null,
                    breakGlass));
        }
        if (reason != null) {
            // Recorded with the newest completed simulation, if any: the override says why it was not enough.
            UUID best = completed.isEmpty() ? null : completed.get(0).id();
            return ruleSets.activate(revision, new Activation.Grant(Activation.Kind.ACTIVATION, actor, best, reason, breakGlass));
        }
        throw new ReleaseGateException("simulationId", "Revision " + revision + " has no completed simulation over at least "
                + config.minSimulatedDecisions() + " decisions from the audit log"
                + (completed.isEmpty() ? "" : " (its simulations replayed at most "
                + completed.stream().mapToLong(s -> s.replayed() == null ? 0 : s.replayed()).max().orElse(0) + ")")
                + ". Run POST /v1/simulations with candidateRevision " + revision
                + " over the audit log, or activate with an overrideReason (recorded with the activation).");
    }

    /**
     * Four-eyes: the author of a revision may not release it. Returns whether the activation goes
     * ahead under break-glass (recorded with it). In open mode there are no identities to compare.
     */
    private boolean fourEyes(RuleSetRevision target, Caller caller) {
        if (caller.open() || !authoredBy(target, caller)) {
            return false;
        }
        if (!security.breakGlass()) {
            throw new RoleForbiddenException("revision", "Four-eyes: " + caller.name() + " authored revision "
                    + target.revision() + ", so another approver must activate it");
        }
        LOG.warnf("BREAK-GLASS: %s activates revision %d, which they authored (arbiter.security.break-glass=true)",
                caller.name(), target.revision());
        return true;
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

    /** What keeps {@code s} from passing the gate for {@code revision}, or null when it passes. */
    private String unmet(Simulation s, int revision) {
        if (s.candidateRevision() != revision) {
            return "simulated revision " + s.candidateRevision() + ", not " + revision;
        }
        if (s.status() != Simulation.Status.COMPLETED) {
            return "is " + s.status() + ", not COMPLETED";
        }
        return unmetEvidence(s.sourceKind(), s.replayed() == null ? 0 : s.replayed());
    }

    /** What a completed simulation's source and size lack for the gate, or null when they suffice. */
    private String unmetEvidence(Simulation.SourceKind kind, long replayed) {
        if (kind != Simulation.SourceKind.AUDIT_LOG) {
            return "replayed an uploaded file; the gate needs recent decisions from the audit log";
        }
        if (replayed < config.minSimulatedDecisions()) {
            return "replayed " + replayed + " decisions; the gate needs at least " + config.minSimulatedDecisions();
        }
        return null;
    }

    /** A simulation that passes the gate makes its DRAFT candidate SIMULATED (the event says all the gate needs). */
    void onSimulationCompleted(@Observes SimulationCompleted done) {
        if (unmetEvidence(done.sourceKind(), done.replayed()) == null) {
            ruleSets.markSimulated(done.candidateRevision());
        }
    }
}

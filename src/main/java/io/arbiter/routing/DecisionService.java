package io.arbiter.routing;

import io.arbiter.decision.Bucket;
import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Decision;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.SignalReadings;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetNotFoundException;
import io.arbiter.ruleset.RuleSetRejectedException;
import io.arbiter.ruleset.RuleSetService;
import io.arbiter.security.TenantForbiddenException;
import io.arbiter.signals.SignalBoard;
import io.arbiter.tracing.DecideTrace;
import io.arbiter.tracing.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Decides which context owns a command, and answers only once the decision is durable.
 *
 * <p>Idempotent: a command id decided before gets its original answer back (same decision id,
 * owner and revision, even if another revision is active now), marked as a replay and not
 * recorded again; the same id with a different envelope is a {@link CommandConflictException}.
 */
@ApplicationScoped
public class DecisionService {
    private final RuleSetService ruleSets;
    private final DecisionLog log;
    private final DecisionMetrics metrics;
    private final SignalBoard signals;
    private final Tracing tracing;

    @Inject
    public DecisionService(RuleSetService ruleSets, DecisionLog log, DecisionMetrics metrics, SignalBoard signals,
                           Tracing tracing) {
        this.ruleSets = ruleSets;
        this.log = log;
        this.metrics = metrics;
        this.signals = signals;
        this.tracing = tracing;
    }

    /**
     * The answer: the decision (for a retry, the original one), whether it replays an earlier
     * decision, and its {@link DecisionV1} text — for a new decision the very characters recorded
     * as the record's {@code result}, to be sent as they are.
     */
    public record Answer(Decision decision, boolean replayed, String json) {
    }

    public CompletionStage<Answer> decide(CommandEnvelope envelope, RequestInfo request) {
        // The revision reference is taken once and held for the whole decision, so an activation in
        // between cannot make the stamp and the evaluation disagree.
        return decide(envelope, ruleSets.active(), request);
    }

    /**
     * A stored revision to decide with instead of the active one (canaries, a gateway's contract
     * tests against a known policy), or {@link PinnedRevisionException} (422) when there is none or
     * it does not compile. May read and compile it: call it off the event loop.
     */
    public CompiledRuleSet pinned(int revision) {
        try {
            return ruleSets.compiled(revision);
        } catch (RuleSetNotFoundException e) {
            throw new PinnedRevisionException(revision, "Revision " + revision + " does not exist");
        } catch (RuleSetRejectedException e) {
            throw new PinnedRevisionException(revision, "Revision " + revision + " is stored but does not compile with this"
                    + " version of Arbiter; decide with another");
        }
    }

    /**
     * Decides with {@code ruleSet} — the active revision, or one the caller {@link #pinned pinned}:
     * stamped, evaluated, recorded and answered the same way, the record naming the revision used.
     */
    public CompletionStage<Answer> decide(CommandEnvelope envelope, CompiledRuleSet ruleSet, RequestInfo request) {
        // Spans at this boundary only (the rules and the resolution stay free of them): decide, its
        // evaluation, and the audit append; DecideTrace.NONE when tracing is off.
        DecideTrace trace = tracing.decide(request.trace(), envelope.type());
        try {
            return trace.answered(decide(envelope, ruleSet, request, trace));
        } catch (RuntimeException e) {
            trace.failed(e);
            throw e;
        }
    }

    private CompletionStage<Answer> decide(CommandEnvelope envelope, CompiledRuleSet ruleSet, RequestInfo request,
                                           DecideTrace trace) {
        requireCallersTenant(request.callerTenant(), envelope);
        long started = System.nanoTime();
        // Stamped before evaluation. Microseconds: the precision PostgreSQL stores, so the response
        // and the audit record agree.
        Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID decisionId = DecisionIds.next(decidedAt.toEpochMilli());
        trace.stamped(decisionId, ruleSet.revision());
        // Read with the stamp, from one snapshot: the values recorded are the values evaluated.
        SignalReadings readings = signals.readings(ruleSet.signals(), decidedAt);
        Command command = new Command(envelope, Bucket.of(envelope.bucketKey()));
        trace.evaluating();
        RoutingResult result = ruleSet.evaluate(command, readings, decidedAt);
        trace.evaluated(result.outcome().name());
        Decision decision = new Decision(decisionId, envelope, command.getBucket(), ruleSet.revision(), readings.byName(), decidedAt,
                result, System.nanoTime() - started);
        DecisionRecordV1 record = DecisionRecordV1.of(decision, request);
        DecisionRecordJson.Rendered rendered = DecisionRecordJson.render(record);
        trace.appending();
        return trace.appended(log.record(decisionId, record, rendered.record())).thenApply(recorded -> {
            if (recorded instanceof DecisionLog.AlreadyDecided already) {
                DecisionRecordV1 original = already.original();
                List<String> differing = differences(envelope, original.input());
                if (!differing.isEmpty()) {
                    throw new CommandConflictException(envelope.commandId(), differing);
                }
                metrics.replayed();
                Decision decided = original.decision();
                trace.replayed(decided.decisionId(), decided.revision());
                // The original answer as recorded, marked: not rebuilt from the decision, which could differ from it.
                return new Answer(decided, true, DecisionRecordJson.answer(original.result().asReplay()));
            }
            metrics.decided(decision, System.nanoTime() - started);
            return new Answer(decision, false, rendered.answer());
        });
    }

    /**
     * A caller bound to a tenant decides — and tries, in a {@link DryRun} — that tenant's commands
     * only; a command without a tenant is not its tenant's. A platform caller ({@code callerTenant} null) any.
     */
    static void requireCallersTenant(String callerTenant, CommandEnvelope envelope) {
        if (callerTenant != null && !callerTenant.equals(envelope.tenant())) {
            throw new TenantForbiddenException("tenant", "This caller decides commands of tenant '" + callerTenant
                    + "' only; the command's tenant is " + (envelope.tenant() == null ? "missing" : "'" + envelope.tenant() + "'"));
        }
    }

    /** The envelope fields whose values differ, by their wire names. */
    static List<String> differences(CommandEnvelope a, CommandEnvelope b) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent component : CommandEnvelope.class.getRecordComponents()) {
            try {
                if (!Objects.equals(component.getAccessor().invoke(a), component.getAccessor().invoke(b))) {
                    fields.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }
}

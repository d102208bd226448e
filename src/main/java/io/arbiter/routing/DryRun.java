package io.arbiter.routing;

import io.arbiter.decision.Bucket;
import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.ExplainedResult;
import io.arbiter.decision.SignalReadings;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleEvaluationException;
import io.arbiter.ruleset.RuleSetRejectedException;
import io.arbiter.ruleset.RuleSetService;
import io.arbiter.security.Caller;
import io.arbiter.signals.SignalBoard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What any stored revision — draft, simulated, active or retired — decides for a command as of a
 * chosen instant, and where the rows that decided are: the "try it" of the rule-set editor.
 *
 * <p>A dry run is not a decision: it has no decision id, nothing of it is written to the audit log,
 * and it leaves the command ids {@link DecisionService} remembers alone — a command may be tried
 * any number of times, before or after it is decided, and its decision is unaffected.
 *
 * <p>Signals are read as they are now, whatever {@code at} says: Arbiter keeps each signal's latest
 * value, not its history, so "as of" moves the dates a revision judges, not the signals it reads.
 */
@ApplicationScoped
public class DryRun {
    private final RuleSetService ruleSets;
    private final SignalBoard signals;

    @Inject
    public DryRun(RuleSetService ruleSets, SignalBoard signals) {
        this.ruleSets = ruleSets;
        this.signals = signals;
    }

    /**
     * The answer of a dry run.
     *
     * @param evaluatedAt the instant the revision's effective and expiry dates were judged at
     * @param explained   the result, and the rows that decided it located in their files
     */
    public record Evaluation(int revision, Instant evaluatedAt, int bucket, ExplainedResult explained) {
    }

    /**
     * Evaluates the command against {@code revision} as of {@code at} (null: now). A tenant-bound
     * caller tries its tenant's commands only, as it decides them.
     */
    public Evaluation evaluate(int revision, CommandEnvelope envelope, Instant at, Caller caller) {
        DecisionService.requireCallersTenant(caller.tenant(), envelope);
        CompiledRuleSet ruleSet;
        try {
            ruleSet = ruleSets.compiled(revision);
        } catch (RuleSetRejectedException e) {
            throw RevisionNotEvaluableException.doesNotCompile(revision, e.errors());
        }
        // Microseconds, as a decision is stamped: "now" reads the same here as in a decision made now.
        Instant evaluatedAt = at != null ? at : Instant.now().truncatedTo(ChronoUnit.MICROS);
        Command command = new Command(envelope, Bucket.of(envelope.bucketKey()));
        SignalReadings readings = signals.readings(ruleSet.signals(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        try {
            return new Evaluation(ruleSet.revision(), evaluatedAt, command.getBucket(), ruleSet.explain(command, readings, evaluatedAt));
        } catch (RuleEvaluationException e) {
            throw RevisionNotEvaluableException.ruleFailed(e);
        }
    }
}

package io.arbiter.decision;

import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Decides which context owns a command, and records the decision before anyone sees it. */
@ApplicationScoped
public class DecisionService {
    @Inject
    RuleSetService ruleSets;

    @Inject
    DecisionLog log;

    public Decision decide(CommandEnvelope envelope) {
        long started = System.nanoTime();
        // Stamped before evaluation: the revision reference is held for the whole decision, so an
        // activation in between cannot make the stamp and the evaluation disagree.
        CompiledRuleSet ruleSet = ruleSets.active();
        // Microseconds: the precision PostgreSQL stores, so the response and the audit record agree.
        Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID decisionId = DecisionIds.next(decidedAt.toEpochMilli());
        Command command = Command.of(envelope);
        RoutingResult result = ruleSet.evaluate(command, decidedAt);
        Decision decision = new Decision(decisionId, envelope, command.getBucket(), ruleSet.revision(), decidedAt, result,
                (System.nanoTime() - started) / 1_000);
        log.record(decision);
        return decision;
    }
}

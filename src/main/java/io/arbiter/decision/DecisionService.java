package io.arbiter.decision;

import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetService;
import io.arbiter.security.TenantForbiddenException;
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
    @Inject
    RuleSetService ruleSets;

    @Inject
    DecisionLog log;

    /** The answer to send: the result JSON, and whether it replays an earlier decision. */
    public record Answer(String resultJson, boolean replayed) {
    }

    public CompletionStage<Answer> decide(CommandEnvelope envelope, RequestInfo request, ResultFormat format) {
        if (request.callerTenant() != null && !request.callerTenant().equals(envelope.tenant())) {
            throw new TenantForbiddenException("tenant", "This caller decides commands of tenant '" + request.callerTenant()
                    + "' only; the command's tenant is " + (envelope.tenant() == null ? "missing" : "'" + envelope.tenant() + "'"));
        }
        long started = System.nanoTime();
        // Stamped before evaluation: the revision reference is held for the whole decision, so an
        // activation in between cannot make the stamp and the evaluation disagree. Microseconds:
        // the precision PostgreSQL stores, so the response and the audit record agree.
        CompiledRuleSet ruleSet = ruleSets.active();
        Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID decisionId = DecisionIds.next(decidedAt.toEpochMilli());
        Command command = Command.of(envelope);
        RoutingResult result = ruleSet.evaluate(command, decidedAt);
        Decision decision = new Decision(decisionId, envelope, command.getBucket(), ruleSet.revision(), decidedAt, result,
                System.nanoTime() - started);
        String resultJson = format.render(decision);
        return log.record(decision, resultJson, request).thenApply(recorded -> {
            if (recorded instanceof DecisionLog.AlreadyDecided original) {
                List<String> differing = differences(envelope, original.envelope());
                if (!differing.isEmpty()) {
                    throw new CommandConflictException(envelope.commandId(), differing);
                }
                return new Answer(original.resultJson(), true);
            }
            return new Answer(resultJson, false);
        });
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

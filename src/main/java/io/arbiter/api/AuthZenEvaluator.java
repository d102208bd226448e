package io.arbiter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.routing.DecisionService;
import io.arbiter.routing.RequestInfo;
import io.arbiter.text.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers AuthZEN's question "may this subject handle this command?" with a decision: the subject
 * is the bounded context asking, the resource the command. {@code decision} is true exactly when
 * the command is ROUTED to that subject ({@code owner} equals {@code subject.id}); the context is
 * the decision as {@code /v1/decide} answers and records it. A decision like any other: role,
 * tenant, idempotency and audit are {@link DecisionService#decide}'s.
 */
@ApplicationScoped
public class AuthZenEvaluator {
    /** The one action Arbiter decides; AuthZEN names actions freely. */
    static final String HANDLE = "handle";
    /** The one resource type Arbiter decides about. */
    static final String COMMAND = "command";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DecisionService decisions;

    @Inject
    public AuthZenEvaluator(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** One evaluation, already {@link AuthZenEvaluation#complete() complete}: {@code {decision, context}}. */
    CompletionStage<ObjectNode> evaluate(AuthZenEvaluation evaluation, RequestInfo info) {
        if (!evaluation.actionName().equals(HANDLE)) {
            // Not a question Arbiter answers: a deny that says why, and no decision to record.
            return CompletableFuture.completedFuture(notDecided("Arbiter decides only the action '" + HANDLE
                    + "' (may the subject handle the command?); the action was '" + TextRules.echo(evaluation.actionName()) + "'"));
        }
        if (!evaluation.resourceType().equals(COMMAND)) {
            return CompletableFuture.completedFuture(notDecided("Arbiter decides only resources of type '" + COMMAND
                    + "'; the resource's type was '" + TextRules.echo(evaluation.resourceType()) + "'"));
        }
        return decisions.decide(AuthZenCommand.envelope(evaluation), info).thenApply(answer -> {
            RoutingResult result = answer.decision().result();
            boolean routedHere = result.outcome() == Outcome.ROUTED && evaluation.subjectId().equals(result.owner());
            ObjectNode response = JsonNodeFactory.instance.objectNode().put("decision", routedHere);
            response.set("context", recorded(answer.json()));
            return response;
        });
    }

    /**
     * The items in request order, one after another, each a decision or a failure answered in its
     * place; under a short-circuit semantic the first deciding answer is the last one.
     */
    CompletionStage<ObjectNode> evaluateAll(List<Item> items, AuthZenSemantic semantic, RequestInfo info) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        return next(items, 0, semantic, info, results).thenApply(done -> {
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            response.set("evaluations", results);
            return response;
        });
    }

    /** An item of a batch: the evaluation it asks for, or why it could not be read (its defaults applied). */
    record Item(AuthZenEvaluation evaluation, ProblemException unreadable) {
    }

    private CompletionStage<Void> next(List<Item> items, int index, AuthZenSemantic semantic, RequestInfo info,
                                       ArrayNode results) {
        if (index == items.size()) {
            return CompletableFuture.completedFuture(null);
        }
        return one(items.get(index), info).thenCompose(answer -> {
            results.add(answer);
            if (semantic.stopsAfter(answer.get("decision").asBoolean())) {
                return CompletableFuture.completedFuture(null);
            }
            return next(items, index + 1, semantic, info, results);
        });
    }

    /** One item, its failure — thrown at once or completing exceptionally — answered as a deny carrying the error. */
    private CompletionStage<ObjectNode> one(Item item, RequestInfo info) {
        if (item.unreadable() != null) {
            return CompletableFuture.completedFuture(AuthZenItemErrors.answer(item.unreadable()));
        }
        CompletionStage<ObjectNode> answer;
        try {
            answer = evaluate(item.evaluation().complete(), info);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(AuthZenItemErrors.answer(e));
        }
        return answer.handle((ok, failure) -> failure == null ? ok : AuthZenItemErrors.answer(failure));
    }

    private static ObjectNode notDecided(String reason) {
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("decision", false);
        response.putObject("context").putArray("reasons").add(reason);
        return response;
    }

    /** The decision's text as recorded, as a tree to nest: the same fields and values the audit record's result holds. */
    private static ObjectNode recorded(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A recorded decision is not JSON", e);
        }
    }
}

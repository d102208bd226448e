package io.arbiter.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The spans of one decision: {@code arbiter.decide} from the request to the durable answer, and
 * its children {@code arbiter.evaluate} (the revision's rules) and {@code arbiter.audit.append}
 * (from handing the record to the audit log until it is committed to PostgreSQL or forced to the
 * journal). Each carries {@code arbiter.decision_id} and {@code arbiter.revision}; decide and
 * evaluate also {@code arbiter.outcome}, decide {@code arbiter.command_type} and, for a retry
 * answered with its original decision, {@code arbiter.replayed} with the original's id and revision.
 *
 * <p>Driven by one decision on one thread, in order, up to the stages it hands back; the spans
 * those stages end are their own. {@link #NONE} — tracing off, or the trace not sampled — does
 * nothing and hands stages back as they are.
 */
public final class DecideTrace {
    public static final DecideTrace NONE = new DecideTrace(null, null, null);

    static final AttributeKey<String> DECISION_ID = AttributeKey.stringKey("arbiter.decision_id");
    static final AttributeKey<Long> REVISION = AttributeKey.longKey("arbiter.revision");
    static final AttributeKey<String> COMMAND_TYPE = AttributeKey.stringKey("arbiter.command_type");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("arbiter.outcome");
    static final AttributeKey<Boolean> REPLAYED = AttributeKey.booleanKey("arbiter.replayed");

    private final Tracer tracer;
    private final Span decide;
    /** The decide span in its trace: the parent of the children. */
    private final Context context;
    private String decisionId;
    private long revision;
    private Span evaluation;
    private Span append;

    private DecideTrace(Tracer tracer, Span decide, Context context) {
        this.tracer = tracer;
        this.decide = decide;
        this.context = context;
    }

    static DecideTrace start(Tracer tracer, Context parent, String commandType) {
        Span decide = tracer.spanBuilder("arbiter.decide").setParent(parent).setAttribute(COMMAND_TYPE, commandType).startSpan();
        // Not sampled: nothing is recorded, so there is nothing to add children or attributes to.
        return decide.isRecording() ? new DecideTrace(tracer, decide, parent.with(decide)) : NONE;
    }

    /** The decision's id and the revision deciding it, as stamped before evaluation. */
    public void stamped(UUID decisionId, int revision) {
        if (decide == null) {
            return;
        }
        this.decisionId = decisionId.toString();
        this.revision = revision;
        decide.setAttribute(DECISION_ID, this.decisionId);
        decide.setAttribute(REVISION, revision);
    }

    public void evaluating() {
        if (decide != null) {
            evaluation = child("arbiter.evaluate");
        }
    }

    /** The rules answered {@code outcome} (an {@code Outcome}'s name). */
    public void evaluated(String outcome) {
        if (decide == null) {
            return;
        }
        evaluation.setAttribute(OUTCOME, outcome);
        evaluation.end();
        evaluation = null;
        decide.setAttribute(OUTCOME, outcome);
    }

    /** The record is about to be handed to the audit log. */
    public void appending() {
        if (decide != null) {
            append = child("arbiter.audit.append");
        }
    }

    /** {@code written}, ending the append span when it completes: when the record is durable, or could not be made so. */
    public <T> CompletionStage<T> appended(CompletionStage<T> written) {
        if (decide == null) {
            return written;
        }
        Span span = append;
        append = null;
        return written.whenComplete((result, failure) -> end(span, failure));
    }

    /** The command was decided before: the answer is that decision, whose id and revision the decide span now names. */
    public void replayed(UUID originalId, int originalRevision) {
        if (decide == null) {
            return;
        }
        decide.setAttribute(REPLAYED, true);
        decide.setAttribute(DECISION_ID, originalId.toString());
        decide.setAttribute(REVISION, originalRevision);
    }

    /** {@code answer}, ending the decide span when it completes: once the answer is durable, or has failed. */
    public <T> CompletionStage<T> answered(CompletionStage<T> answer) {
        if (decide == null) {
            return answer;
        }
        return answer.whenComplete((result, failure) -> end(decide, failure));
    }

    /** The decision failed before it reached the audit log (thrown, not a failed stage): every open span ends with it. */
    public void failed(RuntimeException e) {
        if (decide == null) {
            return;
        }
        if (evaluation != null) {
            end(evaluation, e);
        }
        if (append != null) {
            end(append, e);
        }
        end(decide, e);
    }

    private Span child(String name) {
        return tracer.spanBuilder(name).setParent(context)
                .setAttribute(DECISION_ID, decisionId).setAttribute(REVISION, revision).startSpan();
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            span.setStatus(StatusCode.ERROR, cause.getClass().getSimpleName());
            span.recordException(cause);
        }
        span.end();
    }
}

package io.arbiter.decision;

import java.util.concurrent.CompletionStage;

/**
 * Where decisions are recorded. The stage completes only once the decision is durable; if it
 * fails, the decision must not be returned to the caller.
 */
public interface DecisionLog {

    /**
     * Records a decision and exactly the result JSON the caller will receive — unless the command
     * id was decided before, in which case nothing is written and the original comes back.
     */
    CompletionStage<Recorded> record(Decision decision, String resultJson, RequestInfo request);

    sealed interface Recorded permits Stored, AlreadyDecided {
    }

    /** The decision is durable. */
    record Stored() implements Recorded {
    }

    /** The command id was decided before: the envelope it came with and the result it got. */
    record AlreadyDecided(CommandEnvelope envelope, String resultJson) implements Recorded {
    }
}

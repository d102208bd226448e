package io.arbiter.routing;

import java.util.concurrent.CompletionStage;

/**
 * Where decisions are recorded. The stage completes only once the decision is durable; if it
 * fails, the decision must not be returned to the caller.
 */
public interface DecisionLog {

    /**
     * Records a decision as {@code stored}, the text {@link DecisionRecordJson} rendered for
     * {@code record} — unless its command id was decided before: then nothing is written and the
     * original record comes back.
     */
    CompletionStage<Recorded> record(DecisionRecordV1 record, String stored);

    sealed interface Recorded permits Stored, AlreadyDecided {
    }

    /** The decision is durable. */
    record Stored() implements Recorded {
    }

    /** The command id was decided before: the record of that decision. */
    record AlreadyDecided(DecisionRecordV1 original) implements Recorded {
    }
}

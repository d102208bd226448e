package io.arbiter.routing;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Where decisions are recorded. The stage completes only once the decision is durable; if it
 * fails, the decision must not be returned to the caller.
 */
public interface DecisionLog {

    /**
     * Records a decision as {@code stored}, the text {@link DecisionRecordJson} rendered for
     * {@code record} — unless its command id was decided before: then nothing is written and the
     * original record comes back. {@code decisionId} is the record's own, as the service made it:
     * the record holds it as text (records read from history files may carry any id), and the log
     * stores it as a UUID without parsing it back on every decision.
     */
    CompletionStage<Recorded> record(UUID decisionId, DecisionRecordV1 record, String stored);

    sealed interface Recorded permits Stored, AlreadyDecided {
    }

    /** The decision is durable. */
    record Stored() implements Recorded {
    }

    /** The command id was decided before: the record of that decision. */
    record AlreadyDecided(DecisionRecordV1 original) implements Recorded {
    }
}

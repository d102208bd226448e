package io.arbiter.decision;

import java.util.Map;

/**
 * The fact decision tables and DRL rules match on: the {@link FactModel} fields of the envelope,
 * the attributes and the rollout {@link Bucket bucket}. Immutable. Signals are not part of it: a
 * table's signal columns are {@link SignalCondition}s Arbiter tests on the rows the engine matched,
 * against the decision's {@link SignalReadings}.
 *
 * <p>Drools reads a field through its getter ({@code market} is {@link #getMarket()}), so each
 * {@link FactModel} field has one here and nothing else does: {@code FactModelTest} checks both
 * ways, so that every field a table may name is one Drools can read, and the envelope's trace
 * fields ({@code correlationId}, {@code causationId}, {@code issuedAt}) have no getter a rule could test.
 */
public final class Command {
    private final CommandEnvelope envelope;
    private final int bucket;

    public Command(CommandEnvelope envelope, int bucket) {
        this.envelope = envelope;
        this.bucket = bucket;
    }

    public static Command of(CommandEnvelope envelope) {
        return new Command(envelope, Bucket.of(envelope.bucketKey()));
    }

    public CommandEnvelope envelope() {
        return envelope;
    }

    public String getCommandId() {
        return envelope.commandId();
    }

    public String getType() {
        return envelope.type();
    }

    public String getBusinessKey() {
        return envelope.businessKey();
    }

    public String getTenant() {
        return envelope.tenant();
    }

    public String getMarket() {
        return envelope.market();
    }

    public String getChannel() {
        return envelope.channel();
    }

    public String getProduct() {
        return envelope.product();
    }

    public String getCustomerTier() {
        return envelope.customerTier();
    }

    public String getCohort() {
        return envelope.cohort();
    }

    public int getBucket() {
        return bucket;
    }

    public Map<String, String> getAttributes() {
        return envelope.attributes();
    }

    /** An attribute's value, or null when absent: {@code attr("dataResidency") == "restricted"}. */
    public String attr(String name) {
        return envelope.attributes().get(name);
    }

    @Override
    public String toString() {
        return "Command[" + envelope.type() + " " + envelope.commandId() + " bucket " + bucket + "]";
    }
}

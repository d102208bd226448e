package io.arbiter.decision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fact decision tables and DRL rules match on: the {@link FactModel} fields of the envelope,
 * the attributes, the rollout {@link Bucket bucket} and the {@link SignalReading signals} the decision read.
 * Rules read it, they never change it; the one thing it keeps is which signals a row consulted
 * (for the {@code SIGNAL}/{@code STALE_SIGNAL} reasons), cleared before each evaluation.
 *
 * <p>Drools reads a field through its getter ({@code market} is {@link #getMarket()}), so each
 * {@link FactModel} field has one here and nothing else does: {@code FactModelTest} checks both
 * ways, so that every field a table may name is one Drools can read, and the envelope's trace
 * fields ({@code correlationId}, {@code causationId}, {@code issuedAt}) have no getter a rule could test.
 */
public final class Command {
    private final CommandEnvelope envelope;
    private final int bucket;
    private final Map<String, SignalReading> signals;
    /** Names of signals a row's condition reached, in name order; null until one does (most commands read none). */
    private TreeSet<String> consulted;

    public Command(CommandEnvelope envelope, int bucket) {
        this(envelope, bucket, Map.of());
    }

    /** A command decided with these signal readings (by name): the only signal values its rules can see. */
    public Command(CommandEnvelope envelope, int bucket, Map<String, SignalReading> signals) {
        this.envelope = envelope;
        this.bucket = bucket;
        this.signals = Map.copyOf(signals);
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

    /** Every signal reading the decision holds, by name. */
    public Map<String, SignalReading> getSignals() {
        return signals;
    }

    /**
     * A NUMBER signal's value for {@code signal("name") < 5000}, or null when it is stale, missing or
     * not a number. The generated DRL guards every comparison with {@code != null}, so a value a
     * decision could not trust never satisfies a condition — not even {@code !=}.
     */
    public BigDecimal signalNumber(String name) {
        return fresh(name) instanceof BigDecimal n ? n : null;
    }

    /** A BOOLEAN signal's value for {@code signal("name") == true}; null as for {@link #signalNumber}. */
    public Boolean signalFlag(String name) {
        return fresh(name) instanceof Boolean b ? b : null;
    }

    /** A LEVEL signal's level for {@code signal("name") == "HIGH"}; null as for {@link #signalNumber}. */
    public String signalLevel(String name) {
        return fresh(name) instanceof String level ? level : null;
    }

    /** {@code stale("name")}: true when the signal is stale or was never observed — the safe default's test. */
    public boolean stale(String name) {
        return fresh(name) == null;
    }

    /** The readings rows consulted since {@link #forgetConsulted()}, in name order. */
    public List<SignalReading> consultedSignals() {
        if (consulted == null) {
            return List.of();
        }
        List<SignalReading> out = new ArrayList<>(consulted.size());
        for (String name : consulted) {
            SignalReading r = signals.get(name);
            out.add(r != null ? r : new SignalReading(name, null, null, true));
        }
        return out;
    }

    /** Starts an evaluation: no signal consulted yet. */
    public void forgetConsulted() {
        consulted = null;
    }

    private Object fresh(String name) {
        if (consulted == null) {
            consulted = new TreeSet<>();
        }
        consulted.add(name);
        SignalReading r = signals.get(name);
        return r == null || r.stale() ? null : r.value();
    }

    @Override
    public String toString() {
        return "Command[" + envelope.type() + " " + envelope.commandId() + " bucket " + bucket + "]";
    }
}

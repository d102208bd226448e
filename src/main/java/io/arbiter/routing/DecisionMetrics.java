package io.arbiter.routing;

import io.arbiter.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the live view charts, from the service's own metrics: decisions by outcome and owner
 * ({@code arbiter_decisions_total}), retries answered from the log ({@code arbiter_decisions_replayed_total}),
 * and the time from stamping to the durable answer with its median and p99 over the last minutes
 * ({@code arbiter_decide_seconds}). Counters are looked up once per outcome and owner and then kept:
 * the decide path pays an increment, not a registry lookup. Owners come from the rule sets, so
 * their number is bounded by what analysts wrote.
 */
@ApplicationScoped
public class DecisionMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Counter replayed;
    private final Timer decide;

    @Inject
    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.replayed = registry.counter("arbiter.decisions.replayed");
        this.decide = Timer.builder("arbiter.decide").description("Stamping to the durable answer")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** A new decision, durable after {@code nanos}. */
    void decided(Decision d, long nanos) {
        String outcome = d.result().outcome().name();
        String owner = d.result().owner() == null ? "" : d.result().owner();
        decisions.computeIfAbsent(outcome + '\n' + owner, k -> Counter.builder("arbiter.decisions")
                .description("Decisions recorded, by outcome and owner").tag("outcome", outcome).tag("owner", owner)
                .register(registry)).increment();
        decide.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A retried command id answered with its original decision. */
    void replayed() {
        replayed.increment();
    }
}

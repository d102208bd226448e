package io.arbiter.signals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.List;

/**
 * Counts each latch's switches as {@code arbiter_signal_switches_total{signal}} — how often the
 * hysteresis let a route change. Every latch's counter exists from the start (at 0), so a latch
 * that never switched is visible as such rather than absent.
 */
@Startup
@ApplicationScoped
public class SignalSwitches {
    private final MeterRegistry registry;

    @Inject
    public SignalSwitches(SignalSources sources, MeterRegistry registry) {
        this(sources.latches().keySet(), registry);
    }

    SignalSwitches(Collection<String> latches, MeterRegistry registry) {
        this.registry = registry;
        latches.forEach(this::counter);
    }

    SignalSwitches(MeterRegistry registry) {
        this(List.of(), registry);
    }

    /** Latch {@code name} switched once more. */
    void count(String name) {
        counter(name).increment();
    }

    private Counter counter(String name) {
        return Counter.builder("arbiter.signal.switches").description("Switches of a latch (a signal with hysteresis)")
                .tag("signal", name).register(registry);
    }
}

package io.arbiter.signals;

import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.Observation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

/**
 * Each declared signal as gauges, read from the snapshot when scraped: {@code arbiter_signal_value}
 * (a number as it is, a boolean as 1/0, a level as its index in the declared levels; NaN when never
 * observed), {@code arbiter_signal_age_seconds} and {@code arbiter_signal_stale} (1 when stale or
 * never observed).
 */
@Startup
@ApplicationScoped
public class SignalMetrics {

    @Inject
    public SignalMetrics(SignalBoard board, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        for (SignalDeclaration d : board.declarations().values()) {
            Gauge.builder("arbiter.signal.value", board, b -> value(d, b.snapshot().get(d.name())))
                    .description("A signal's latest value (levels by index, booleans 1/0)").tag("signal", d.name()).register(registry);
            Gauge.builder("arbiter.signal.age", board, b -> age(b.snapshot().get(d.name()), clock.instant()))
                    .description("Seconds since the source observed the signal's value").baseUnit("seconds").tag("signal", d.name())
                    .register(registry);
            Gauge.builder("arbiter.signal.stale", board, b -> {
                Observation o = b.snapshot().get(d.name());
                return o == null || o.staleAt(clock.instant(), d.maxAge()) ? 1 : 0;
            }).description("1 while the signal is stale or was never observed").tag("signal", d.name()).register(registry);
        }
    }

    static double value(SignalDeclaration d, Observation o) {
        if (o == null) {
            return Double.NaN;
        }
        return switch (d.type()) {
            case NUMBER -> ((BigDecimal) o.value()).doubleValue();
            case BOOLEAN -> (Boolean) o.value() ? 1 : 0;
            case LEVEL -> d.levels().indexOf((String) o.value());
        };
    }

    private static double age(Observation o, Instant now) {
        return o == null ? Double.NaN : o.ageAt(now).toNanos() / 1e9;
    }
}

package io.arbiter.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The collector of {@link DecisionTracingTest}: the SDK's in-memory exporter, as the CDI span
 * exporter Quarkus sends spans to. Only in that test's profile, so every other test runs with the
 * exporters an operator would get.
 */
public class SpanCollector {
    static final String SWITCH = "arbiter.test.collect-spans";

    @Produces
    @Singleton
    @IfBuildProperty(name = SWITCH, stringValue = "true")
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}

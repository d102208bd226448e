package io.arbiter.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where decisions' spans start. With the SDK disabled — the default, until an OTLP endpoint is
 * configured ({@link TracingConfigSourceFactory}) — it does nothing at all: no context lookup, no
 * span, no allocation on the decide path. A disabled SDK would still build and record every span
 * only to drop it, so the switch is read here rather than left to the SDK.
 */
@ApplicationScoped
public class Tracing {
    /** The instrumentation scope Arbiter's own spans are reported under. */
    static final String SCOPE = "io.arbiter";

    private final Tracer tracer;

    @Inject
    public Tracing(OpenTelemetry openTelemetry, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean sdkDisabled) {
        this.tracer = sdkDisabled ? null : openTelemetry.getTracer(SCOPE);
    }

    /** Whether spans are made and exported; false unless an OTLP endpoint is configured. */
    public boolean enabled() {
        return tracer != null;
    }

    /** The trace the current request belongs to; call it on the request's own thread (the event loop). */
    public TraceParent parent() {
        return tracer == null ? TraceParent.NONE : TraceParent.of(Context.current());
    }

    /**
     * Starts a decision's {@code arbiter.decide} span under {@code parent}; {@link DecideTrace#NONE}
     * when tracing is off or the trace is not sampled.
     */
    public DecideTrace decide(TraceParent parent, String commandType) {
        return tracer == null ? DecideTrace.NONE : DecideTrace.start(tracer, parent.context, commandType);
    }
}

package io.arbiter.tracing;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Tracing is off until someone says where traces go: {@code quarkus.otel.sdk.disabled} is true
 * unless an OTLP endpoint is configured ({@code quarkus.otel.exporter.otlp.endpoint}, env
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}, or its {@code .traces.endpoint}). Left to Quarkus,
 * the exporter would send to {@code localhost:4317} and log every failed export.
 *
 * <p>Always a value, never silence: Quarkus may record the value it saw while building as a default
 * of its own, which a missing value here would leave in force at run time. Below
 * application.properties and the environment, so an operator who sets
 * {@code quarkus.otel.sdk.disabled} (a collector on {@code localhost:4317}, the default endpoint) is obeyed.
 */
public class TracingConfigSourceFactory implements ConfigSourceFactory {
    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    /** Below application.properties (250) and the environment (300). */
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean configured = isSet(context.getValue("quarkus.otel.exporter.otlp.endpoint"))
                || isSet(context.getValue("quarkus.otel.exporter.otlp.traces.endpoint"));
        return List.of(new MapBackedConfigSource("arbiter-tracing", Map.of(SDK_DISABLED, String.valueOf(!configured)), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /**
     * Set by someone: Quarkus gives the endpoint a default ({@code http://localhost:4317/}) from
     * sources of the lowest ordinals, which are not an operator's choice.
     */
    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank() && value.getConfigSourceOrdinal() > 0;
    }
}

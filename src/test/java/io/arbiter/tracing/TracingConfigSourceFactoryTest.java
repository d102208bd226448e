package io.arbiter.tracing;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What "configured" means: an OTLP endpoint, for all signals or for traces; an explicit switch always wins. */
class TracingConfigSourceFactoryTest {

    static boolean sdkDisabled(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "settings", 250))
                // Quarkus' own default for the endpoint, as its defaults are given: at the lowest ordinal.
                .withSources(new PropertiesConfigSource(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/"),
                        "defaults", Integer.MIN_VALUE))
                .withSources(new TracingConfigSourceFactory())
                .build();
        return config.getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }

    @Test
    void withNoEndpointButQuarkusDefaultTheSdkIsDisabled() {
        assertEquals(true, sdkDisabled(Map.of()));
        assertEquals(true, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", " ")));
    }

    @Test
    void anEndpointForAllSignalsOrForTracesEnablesIt() {
        assertEquals(false, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertEquals(false, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318")));
    }

    @Test
    void theEnvironmentVariableAnOperatorSetsEnablesIt() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), 300))
                .withSources(new TracingConfigSourceFactory())
                .build();
        assertEquals(false, config.getValue("quarkus.otel.sdk.disabled", Boolean.class));
    }

    @Test
    void theSwitchSetExplicitlyWinsEitherWay() {
        assertEquals(false, sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "false")));
        assertEquals(true, sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "true",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
    }
}

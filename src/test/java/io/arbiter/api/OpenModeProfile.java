package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Open mode ({@code arbiter.security.enabled=false}): no identity provider, every caller has every role. */
public class OpenModeProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("arbiter.security.enabled", "false");
    }
}

package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/** {@code arbiter.gateway.deny-status}: NO_OWNER answered with the status a gateway team chose (Envoy passes it on). */
@QuarkusTest
@TestProfile(GatewayDenyStatusTest.Conflict.class)
class GatewayDenyStatusTest {
    public static class Conflict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.gateway.deny-status", "409");
        }
    }

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Test
    void aCommandNobodyOwnsIsAnsweredWithTheConfiguredStatus() {
        GatewayDecideApiTest.command(GatewayDecideApiTest.id(), "UpdateOrderStatus").get("/v1/decide/gateway").then()
                .statusCode(409).contentType("application/problem+json").header("X-Arbiter-Outcome", "NO_OWNER")
                .body("status", equalTo(409)).body("title", equalTo("No owner"));
        GatewayDecideApiTest.command(GatewayDecideApiTest.id(), "ReserveInventory").get("/v1/decide/gateway").then()
                .statusCode(200).header("X-Arbiter-Outcome", "ROUTED");
    }
}

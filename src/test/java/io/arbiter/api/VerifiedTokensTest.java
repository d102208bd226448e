package io.arbiter.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A bearer token is verified once and its identity reused for the same token string — never past
 * the token's expiry, never for a token that differs in a single character, and with the same
 * roles and tenant as when it was verified.
 */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class VerifiedTokensTest {
    @Inject
    MeterRegistry metrics;

    @Test
    void theSameTokenIsVerifiedOnceAndThenReused() {
        String token = Tokens.token("reuse-" + UUID.randomUUID(), null, "auditor");
        double verified = count("arbiter.security.tokens.verified");
        double reused = count("arbiter.security.tokens.reused");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).get("/v1/decisions?limit=1").then().statusCode(200);
        }
        assertEquals(verified + 1, count("arbiter.security.tokens.verified"));
        assertEquals(reused + 2, count("arbiter.security.tokens.reused"));
    }

    @Test
    void aReusedTokenIsRefusedOnceItExpires() throws InterruptedException {
        String token = Tokens.token("short-lived-" + UUID.randomUUID(), null, 2, "auditor");
        given().header("Authorization", "Bearer " + token).get("/v1/decisions?limit=1").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get("/v1/decisions?limit=1").then().statusCode(200);
        Thread.sleep(3_000);
        given().header("Authorization", "Bearer " + token).get("/v1/decisions?limit=1").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTamperedCopyOfAVerifiedTokenIsVerifiedAndRefused() {
        String token = Tokens.token("tamper-" + UUID.randomUUID(), null, "auditor");
        given().header("Authorization", "Bearer " + token).get("/v1/decisions?limit=1").then().statusCode(200);
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        double verified = count("arbiter.security.tokens.verified");
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + tampered).get("/v1/decisions?limit=1").then().statusCode(401);
        }
        assertEquals(verified + 2, count("arbiter.security.tokens.verified"), "a refused token is never remembered");
    }

    @Test
    void aReusedTokenKeepsItsRolesTenantAndName() {
        String user = "gateway-initech-" + UUID.randomUUID();
        String token = Tokens.token(user, "initech", "decider");
        for (int i = 0; i < 2; i++) {
            decide(token, "globex").then().statusCode(403).body("errors[0].field", equalTo("tenant"));
            given().header("Authorization", "Bearer " + token).get("/v1/decisions?limit=1").then().statusCode(403);
        }
        String decisionId = decide(token, "initech").then().statusCode(200).extract().path("decisionId");
        given().header("Authorization", "Bearer " + Tokens.token("auditor", null, "auditor"))
                .get("/v1/decisions/" + decisionId).then().statusCode(200).body("requested_by", equalTo(user));
    }

    private static io.restassured.response.Response decide(String token, String tenant) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"tenant\":\"" + tenant + "\"}")
                .post("/v1/decide");
    }

    private double count(String name) {
        return metrics.counter(name).count();
    }
}

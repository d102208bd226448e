package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /v1/ui-config}: how the admin UI signs people in, asked before anyone is signed in. */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class UiConfigApiTest {
    @Test
    void answersWithoutATokenWithTheOpenModeTheIssuerAndTheClient() {
        // The test configuration checks tokens against a public key and names no identity provider.
        Map<?, ?> body = given().get("/v1/ui-config").then().statusCode(200).contentType("application/json")
                .body("openMode", equalTo(false)).body("issuer", nullValue()).body("clientId", equalTo("arbiter-admin-ui"))
                .extract().as(Map.class);
        assertEquals(Set.of("openMode", "issuer", "clientId"), body.keySet());
    }

    @Test
    void takesNoQueryParameters() {
        given().get("/v1/ui-config?client=other").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("client"));
    }

    @Test
    void theIssuerIsWhereBrowsersReachTheRealmWithoutATrailingSlash() {
        assertEquals(new UiConfigV1(false, "https://sso.example.test/realms/arbiter", "arbiter-admin-ui"),
                UiConfigV1.of(true, Optional.empty(), Optional.of("https://sso.example.test/realms/arbiter/"), "arbiter-admin-ui"));
        // arbiter.admin-ui.auth-server-url wins: the service may reach Keycloak by a name browsers cannot.
        assertEquals(new UiConfigV1(false, "https://sso.example.test/realms/arbiter", "ops-console"),
                UiConfigV1.of(true, Optional.of("https://sso.example.test/realms/arbiter"), Optional.of("http://keycloak:8080/realms/arbiter"),
                        "ops-console"));
        assertEquals(new UiConfigV1(false, null, "arbiter-admin-ui"),
                UiConfigV1.of(true, Optional.empty(), Optional.empty(), "arbiter-admin-ui"));
    }

    @Test
    void openModeNamesNoIssuerSoTheUiDoesNotSignIn() {
        assertEquals(new UiConfigV1(true, null, "arbiter-admin-ui"),
                UiConfigV1.of(false, Optional.empty(), Optional.of("http://keycloak:8080/realms/arbiter"), "arbiter-admin-ui"));
    }
}

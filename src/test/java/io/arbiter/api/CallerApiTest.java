package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** {@code GET /v1/me}: who the signed-in caller is, for every role, with security on (open mode: {@link OpenModeCallerTest}). */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class CallerApiTest {
    static List<String> roles() {
        return SecurityApiTest.ROLES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void everyRoleMayAskWhoItIs(String role) {
        Tokens.as("me-" + role, role).get("/v1/me").then().statusCode(200).contentType("application/json")
                .body("name", equalTo("me-" + role)).body("roles", equalTo(List.of(role)))
                .body("tenant", nullValue()).body("openMode", equalTo(false));
    }

    @Test
    void rolesAreListedInArbitersOrderWhateverTheTokensOrder() {
        Tokens.as("all", "auditor", "approver", "engineer", "analyst", "decider").get("/v1/me").then().statusCode(200)
                .body("roles", equalTo(List.of("decider", "analyst", "engineer", "approver", "auditor")));
    }

    @Test
    void rolesThatAreNotArbitersAreLeftOut() {
        Tokens.as("kc-user", "offline_access", "analyst", "default-roles-arbiter").get("/v1/me").then().statusCode(200)
                .body("roles", equalTo(List.of("analyst")));
    }

    @Test
    void aCallerWithoutAnyArbiterRoleIsStillAnsweredWithNoRoles() {
        Tokens.as("nobody-special", "offline_access").get("/v1/me").then().statusCode(200)
                .body("name", equalTo("nobody-special")).body("roles", equalTo(List.of()));
    }

    @Test
    void aTenantBoundCallerSeesItsTenant() {
        Tokens.asTenant("auditor-acme", "acme", "auditor").get("/v1/me").then().statusCode(200)
                .body("name", equalTo("auditor-acme")).body("tenant", equalTo("acme")).body("roles", equalTo(List.of("auditor")));
    }

    @Test
    void withoutATokenItIs401() {
        given().get("/v1/me").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer")).body("title", equalTo("Unauthorized"));
    }

    @Test
    void aForgedOrMalformedTokenIs401() {
        String token = Tokens.token("forger", null, "auditor");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().header("Authorization", "Bearer " + tampered).get("/v1/me").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer not.a.jwt").get("/v1/me").then().statusCode(401);
    }

    @Test
    void aTokenWhoseTenantClaimNamesNoTenantIs401() {
        String token = Tokens.custom(c -> c.subject("sub-odd").claim("preferred_username", "odd")
                .claim("realm_access", Map.of("roles", List.of("analyst"))).claim("tenant", ""));
        given().header("Authorization", "Bearer " + token).get("/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("'tenant' claim is empty"));
    }

    @Test
    void itTakesNoQueryParameters() {
        Tokens.as("me", "analyst").get("/v1/me?verbose=true").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("verbose")).body("detail", containsString("this endpoint takes none"));
    }

    @Test
    void onlyGetIsServed() {
        Tokens.as("me", "analyst").post("/v1/me").then().statusCode(405).contentType("application/problem+json");
    }
}

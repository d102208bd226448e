package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Who a token says the caller is, with real signed tokens: roles only from the configured claim
 * path ({@code realm_access/roles} by default) wherever else an identity provider may put role
 * names; a tenant claim that is present must name a tenant; four-eyes compares subjects.
 */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class IdentityClaimsTest {
    @Inject
    DataSource dataSource;

    static Response decideWith(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\"}").post("/v1/decide");
    }

    static Consumer<JwtClaimsBuilder> user(String name) {
        return c -> c.subject("sub-" + name).claim("preferred_username", name);
    }

    /** Every place an identity provider may put role names, each holding "decider" and nothing else. */
    static Stream<Arguments> roleClaimLocations() {
        return Stream.of(
                Arguments.of("groups (the reported bug: empty realm roles)", (Consumer<JwtClaimsBuilder>) c -> c
                        .claim("realm_access", Map.of("roles", List.of())).claim("groups", List.of("decider"))),
                Arguments.of("groups alone", (Consumer<JwtClaimsBuilder>) c -> c.claim("groups", List.of("decider"))),
                Arguments.of("resource_access.arbiter.roles", (Consumer<JwtClaimsBuilder>) c -> c
                        .claim("resource_access", Map.of("arbiter", Map.of("roles", List.of("decider"))))),
                Arguments.of("resource_access.<azp>.roles", (Consumer<JwtClaimsBuilder>) c -> c
                        .claim("resource_access", Map.of("arbiter-tests", Map.of("roles", List.of("decider"))))),
                Arguments.of("top-level roles", (Consumer<JwtClaimsBuilder>) c -> c.claim("roles", List.of("decider"))),
                Arguments.of("scope", (Consumer<JwtClaimsBuilder>) c -> c.claim("scope", "openid decider")),
                Arguments.of("scp", (Consumer<JwtClaimsBuilder>) c -> c.claim("scp", List.of("decider"))),
                Arguments.of("realm_access.groups", (Consumer<JwtClaimsBuilder>) c -> c
                        .claim("realm_access", Map.of("groups", List.of("decider")))),
                Arguments.of("realm roles under another name", (Consumer<JwtClaimsBuilder>) c -> c
                        .claim("realm_access_roles", List.of("decider"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roleClaimLocations")
    void rolesOutsideTheConfiguredClaimGrantNothing(String location, Consumer<JwtClaimsBuilder> roles) {
        String token = Tokens.custom(user("elsewhere").andThen(roles));
        // Twice: the second request reuses the verified identity (VerifiedTokens) and must be judged the same.
        for (int i = 0; i < 2; i++) {
            decideWith(token).then().statusCode(403).contentType("application/problem+json").body("title", equalTo("Forbidden"));
        }
    }

    @Test
    void rolesInTheConfiguredClaimGrantTheirEndpointsOnFirstUseAndOnReuse() {
        String decider = Tokens.custom(user("realm-decider").andThen(c -> c.claim("realm_access", Map.of("roles", List.of("decider")))
                .claim("groups", List.of("auditor")).claim("roles", List.of("auditor"))));
        for (int i = 0; i < 2; i++) {
            decideWith(decider).then().statusCode(200);
            given().header("Authorization", "Bearer " + decider).get("/v1/decisions?limit=1").then().statusCode(403);
        }
        // A space-separated string at the configured path is read as Quarkus reads role claims.
        decideWith(Tokens.custom(user("string-roles").andThen(c -> c.claim("realm_access", Map.of("roles", "analyst decider")))))
                .then().statusCode(200);
    }

    static Stream<Arguments> unusableTenantClaims() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("blank", "   "),
                Arguments.of("null", JsonValue.NULL),
                Arguments.of("a number", 42),
                Arguments.of("an array", List.of("acme")),
                Arguments.of("an object", Map.of("id", "acme")),
                Arguments.of("with NUL", "acme\u0000"));
    }

    @ParameterizedTest(name = "tenant claim {0}")
    @MethodSource("unusableTenantClaims")
    void aTenantClaimThatIsPresentButNamesNoTenantIs401Everywhere(String what, Object value) {
        String token = Tokens.custom(user("odd-tenant").andThen(c -> c.claim("tenant", value)
                .claim("realm_access", Map.of("roles", List.of("decider", "analyst", "auditor")))));
        decideWith(token).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token")).body("detail", containsString("'tenant' claim"));
        // Also where the tenant is never asked for: a platform caller's view is not what such a token gets.
        given().header("Authorization", "Bearer " + token).get("/v1/rulesets").then().statusCode(401);
        given().header("Authorization", "Bearer " + token).get("/v1/decisions?limit=1").then().statusCode(401);
    }

    @Test
    void aTenantClaimWithAnUnpairedSurrogateIs401() {
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String token = Tokens.signedPayload("{\"sub\":\"sub-s\",\"preferred_username\":\"s\",\"azp\":\"arbiter-tests\","
                + "\"iss\":\"https://arbiter.test\",\"aud\":\"arbiter\",\"exp\":" + exp + ",\"iat\":" + (exp - 3600) + ","
                + "\"realm_access\":{\"roles\":[\"decider\"]},\"tenant\":\"acme\\ud800\"}");
        decideWith(token).then().statusCode(401).body("detail", containsString("unpaired surrogate"));
    }

    @Test
    void anIdentityClaimThatIsNotStorableTextIs401() {
        String token = Tokens.custom(c -> c.subject("sub-x").claim("preferred_username", "mal\u0000lory")
                .claim("realm_access", Map.of("roles", List.of("decider"))));
        decideWith(token).then().statusCode(401).body("detail", containsString("NUL"));
    }

    @Test
    void aNonBlankTenantClaimBindsAndAnAbsentOneIsAPlatformCaller() {
        String bound = Tokens.custom(user("bound").andThen(c -> c.claim("tenant", "acme")
                .claim("realm_access", Map.of("roles", List.of("decider")))));
        given().header("Authorization", "Bearer " + bound).contentType(ContentType.JSON)
                .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"tenant\":\"globex\"}")
                .post("/v1/decide").then().statusCode(403).body("errors[0].field", equalTo("tenant"));
        String platform = Tokens.custom(user("platform").andThen(c -> c.claim("realm_access", Map.of("roles", List.of("decider")))));
        given().header("Authorization", "Bearer " + platform).contentType(ContentType.JSON)
                .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"tenant\":\"globex\"}")
                .post("/v1/decide").then().statusCode(200);
    }

    static String token(String sub, String name, String... roles) {
        return Tokens.custom(c -> c.subject(sub).claim("preferred_username", name).claim("realm_access", Map.of("roles", List.of(roles))));
    }

    int upload(String token, String table) {
        return given().header("Authorization", "Bearer " + token).multiPart("file", "60-" + table + ".drl.csv",
                        RuleSetApiTest.ownership(table, table + " desk owns archiving", "ArchiveOrder", "archive-desk")
                                .getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).extract().path("revision");
    }

    static Response activate(String token, int revision) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"overrideReason\":\"four-eyes by subject\"}").post("/v1/rulesets/" + revision + "/activate");
    }

    @Test
    void fourEyesComparesTheSubjectNotTheDisplayName() {
        String author = token("sub-ann", "ann", "analyst", "approver");
        int active = given().header("Authorization", "Bearer " + author).get("/v1/rulesets/active").then().extract().path("revision");
        int revision = upload(author, "Subject");
        given().header("Authorization", "Bearer " + author).get("/v1/rulesets/" + revision).then()
                .body("createdBy", equalTo("ann")).body("createdBySubject", equalTo("sub-ann"));
        // The author under a new display name is still the author.
        activate(token("sub-ann", "ann-renamed", "approver"), revision).then().statusCode(403)
                .body("detail", containsString("Four-eyes"));
        // Someone else who happens to be called "ann" is another person.
        activate(token("sub-other-ann", "ann", "approver"), revision).then().statusCode(200);
        activate(token("sub-bob", "bob", "approver"), active).then().statusCode(200);
    }

    @Test
    void aRevisionFromBeforeSubjectsWereKeptFallsBackToTheAuthorsName() throws Exception {
        String author = token("sub-old-ann", "old-ann", "analyst", "approver");
        int active = given().header("Authorization", "Bearer " + author).get("/v1/rulesets/active").then().extract().path("revision");
        int revision = upload(author, "Legacy");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ruleset_revision SET created_by_subject = NULL WHERE revision = ?")) {
            ps.setInt(1, revision);
            ps.executeUpdate();
        }
        given().header("Authorization", "Bearer " + author).get("/v1/rulesets/" + revision).then().body("createdBySubject", nullValue());
        activate(token("sub-someone", "old-ann", "approver"), revision).then().statusCode(403);
        activate(token("sub-bob", "bob", "approver"), revision).then().statusCode(200);
        activate(token("sub-bob", "bob", "approver"), active).then().statusCode(200);
    }

    @Test
    void jsonNullIsHowTheBuilderWritesANullClaim() {
        // Guards the "null" case above: the token must really carry "tenant": null, not drop the claim.
        String token = Tokens.custom(c -> c.claim("tenant", JsonValue.NULL));
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(Json.createReader(new java.io.StringReader(payload)).readObject()
                .containsKey("tenant"), payload);
    }
}

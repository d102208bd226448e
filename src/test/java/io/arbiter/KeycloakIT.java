package io.arbiter;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.arbiter.PackagedServiceIT.api;
import static io.arbiter.PackagedServiceIT.freePort;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security against a real Keycloak ({@link KeycloakServer}: the distribution from Maven Central,
 * started on loopback with the realm from deploy/keycloak/), real tokens by client_credentials and
 * password grants, against the packaged service. Both are the ones every IT shares ({@link SecuredService}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakIT {
    KeycloakServer keycloak;
    SecuredService service;
    int port;

    @BeforeAll
    void useTheSharedKeycloakAndService() throws Exception {
        service = SecuredService.shared();
        keycloak = service.keycloak;
        port = service.port;
        createTestClients();
    }

    private String issuer(String realm) {
        return keycloak.issuer(realm);
    }

    /**
     * Fixtures no operator needs: a client whose tokens are not meant for Arbiter, and one with 2-second
     * tokens. Left in the shared realm afterwards: no other test uses them (409: made by an earlier run in this JVM).
     */
    private void createTestClients() {
        String admin = keycloak.adminToken();
        String clients = keycloak.admin("arbiter") + "/clients";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"clientId": "other-app", "secret": "other-secret", "publicClient": false, "serviceAccountsEnabled": true,
                 "standardFlowEnabled": false}""").post(clients).then().statusCode(anyOf(equalTo(201), equalTo(409)));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"clientId": "gateway-short", "secret": "short-secret", "publicClient": false, "serviceAccountsEnabled": true,
                 "standardFlowEnabled": false, "attributes": {"access.token.lifespan": "2"},
                 "protocolMappers": [{"name": "audience arbiter", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                   "config": {"included.custom.audience": "arbiter", "access.token.claim": "true"}}]}""")
                .post(clients).then().statusCode(anyOf(equalTo(201), equalTo(409)));
    }

    private String clientToken(String realm, String client, String secret) {
        return keycloak.clientToken(realm, client, secret);
    }

    private String userToken(String user) {
        return keycloak.userToken(user);
    }

    private RequestSpecification as(String token) {
        return api(port).auth().oauth2(token);
    }

    private static String command(String tenant) {
        return "{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"correlationId\":\"keycloak-it\""
                + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"") + "}";
    }

    @Test
    void aGatewayServiceAccountDecidesAndIsRecordedAsTheCaller() {
        String decisionId = as(clientToken("arbiter", "gateway", "gateway-secret")).contentType(ContentType.JSON).body(command("globex"))
                .post("/v1/decide").then().statusCode(200).body("outcome", equalTo("ROUTED")).extract().path("decisionId");
        as(userToken("audrey")).get("/v1/decisions/" + decisionId).then().statusCode(200)
                .body("requested_by", equalTo("service-account-gateway")).body("client_id", equalTo("gateway"))
                .body("subject", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void rolesFromTheRealmDecideWhatEachUserMayDo() {
        String ann = userToken("ann");
        as(ann).get("/v1/rulesets/active").then().statusCode(200);
        as(ann).contentType(ContentType.JSON).body(command(null)).post("/v1/decide").then().statusCode(403)
                .contentType("application/problem+json");
        as(ann).get("/v1/decisions?limit=1").then().statusCode(403);
        as(clientToken("arbiter", "gateway", "gateway-secret")).get("/v1/rulesets").then().statusCode(403);
        as(userToken("audrey")).get("/v1/audit/verify").then().statusCode(200);
    }

    @Test
    void anAnalystsTableIsReleasedOnlyByAnotherApprover() {
        String csv = String.join("\n", "RuleSet,io.arbiter.it", ",", "RuleTable Archive ownership", "NAME,CONDITION,ACTION",
                ",c: Command,", ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"", "Rule,Type,Owner",
                "Archive owns archiving,ArchiveOrder,archive") + "\n";
        int revision = as(userToken("bob")).multiPart("file", "50-archive.drl.csv", csv.getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).body("createdBy", equalTo("bob")).extract().path("revision");
        String override = "{\"overrideReason\":\"integration test: no traffic to simulate\"}";
        as(userToken("bob")).contentType(ContentType.JSON).body(override).post("/v1/rulesets/" + revision + "/activate")
                .then().statusCode(403).body("detail", containsString("Four-eyes"));
        as(userToken("ann")).contentType(ContentType.JSON).body(override).post("/v1/rulesets/" + revision + "/activate")
                .then().statusCode(403);
        int previous = as(userToken("carol")).get("/v1/rulesets/active").then().extract().path("revision");
        as(userToken("carol")).contentType(ContentType.JSON).body(override).post("/v1/rulesets/" + revision + "/activate")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        as(userToken("audrey")).get("/v1/rulesets/activations?limit=1").then().statusCode(200)
                .body("[0].activatedBy", equalTo("carol")).body("[0].overrideReason", containsString("integration test"));
        as(userToken("carol")).post("/v1/rulesets/" + previous + "/activate").then().statusCode(200);
    }

    @Test
    void tenantBoundTokensStayInsideTheirTenant() {
        String acmeGateway = clientToken("arbiter", "gateway-acme", "gateway-acme-secret");
        as(acmeGateway).contentType(ContentType.JSON).body(command("acme")).post("/v1/decide").then().statusCode(200);
        as(acmeGateway).contentType(ContentType.JSON).body(command("globex")).post("/v1/decide").then().statusCode(403)
                .body("errors[0].field", equalTo("tenant"));
        as(clientToken("arbiter", "gateway", "gateway-secret")).contentType(ContentType.JSON).body(command("globex"))
                .post("/v1/decide").then().statusCode(200);
        as(userToken("acme-auditor")).get("/v1/decisions?correlationId=keycloak-it&limit=1000").then().statusCode(200)
                .body("items.input.tenant", everyItem(equalTo("acme")));
        as(userToken("acme-auditor")).get("/v1/decisions?tenant=globex").then().statusCode(403);
    }

    @Test
    void missingWrongAudienceWrongIssuerAndExpiredTokensAreRefused() throws Exception {
        api(port).contentType(ContentType.JSON).body(command(null)).post("/v1/decide").then().statusCode(401)
                .contentType("application/problem+json");
        as(clientToken("arbiter", "other-app", "other-secret")).contentType(ContentType.JSON).body(command(null))
                .post("/v1/decide").then().statusCode(401);
        as(clientToken("other", "gateway", "gateway-secret")).contentType(ContentType.JSON).body(command(null))
                .post("/v1/decide").then().statusCode(401);
        String shortLived = clientToken("arbiter", "gateway-short", "short-secret");
        // Accepted while valid (it has no role, so 403 rather than 401) …
        as(shortLived).get("/v1/rulesets").then().statusCode(403);
        Thread.sleep(3500);
        // … refused once expired.
        as(shortLived).get("/v1/rulesets").then().statusCode(401);
    }

    @Test
    void theProductionJarRefusesToStartWithoutAnIdentityProvider() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "it-no-idp-");
        Process p = new ProcessBuilder("java", "-Darbiter.embedded.data-dir=" + dir.toAbsolutePath(), "-Dquarkus.http.port=" + freePort(),
                "-jar", PackagedServiceIT.JAR.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the service kept running without an identity provider");
        assertNotEquals(0, p.exitValue());
        String log = Files.readString(dir.resolve("service.log"));
        assertTrue(log.contains("quarkus.oidc.auth-server-url"), log);
    }
}

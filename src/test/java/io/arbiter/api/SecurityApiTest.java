package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call what: every endpoint × every role (allowed: anything but 401/403; denied: 403
 * problem+json), no token and a bad token (401), and tenant scoping. Tokens are signed with the
 * test key; {@code KeycloakIT} repeats the essentials with a real Keycloak.
 */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class SecurityApiTest {
    static final List<String> ROLES = List.of("decider", "analyst", "engineer", "approver", "auditor", "signal-writer");
    static final String READERS = "analyst engineer approver";
    static final String SIM_READERS = "analyst engineer approver auditor";
    static final String SIM_RUNNERS = "analyst engineer auditor";
    static final String SIGNAL_READERS = "analyst engineer approver auditor signal-writer";

    /** One endpoint: how to call it, and the roles that may. */
    record Endpoint(String name, String allowed, Function<RequestSpecification, Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Endpoint> endpoints() {
        String someId = UUID.randomUUID().toString();
        return List.of(
                new Endpoint("POST /v1/decide", "decider", r -> r.contentType(ContentType.JSON)
                        .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\"}").post("/v1/decide")),
                new Endpoint("POST /access/v1/evaluation", "decider", r -> r.contentType(ContentType.JSON)
                        .body(AuthZenApiTest.evaluation("inventory", "handle", UUID.randomUUID().toString(), "ReserveInventory"))
                        .post("/access/v1/evaluation")),
                new Endpoint("POST /access/v1/evaluations", "decider", r -> r.contentType(ContentType.JSON)
                        .body("{\"evaluations\":[" + AuthZenApiTest.evaluation("inventory", "handle", UUID.randomUUID().toString(),
                                "ReserveInventory") + "]}").post("/access/v1/evaluations")),
                new Endpoint("GET /v1/decide/gateway", "decider", r -> r.header("X-Command-Id", UUID.randomUUID().toString())
                        .header("X-Command-Type", "ReserveInventory").get("/v1/decide/gateway")),
                new Endpoint("POST /v1/decide/gateway", "decider", r -> r.header("X-Command-Id", UUID.randomUUID().toString())
                        .header("X-Command-Type", "ReserveInventory").post("/v1/decide/gateway")),
                new Endpoint("POST /v1/decide/gateway/{path}", "decider", r -> r.header("X-Command-Id", UUID.randomUUID().toString())
                        .header("X-Command-Type", "ReserveInventory").post("/v1/decide/gateway/commands/orders")),
                new Endpoint("GET /v1/decisions", "auditor", r -> r.get("/v1/decisions?limit=1")),
                new Endpoint("GET /v1/decisions/export", "auditor", r -> r.get("/v1/decisions/export?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z")),
                new Endpoint("GET /v1/decisions/{id}", "auditor", r -> r.get("/v1/decisions/" + someId)),
                new Endpoint("GET /v1/audit/verify", "auditor", r -> r.get("/v1/audit/verify?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z")),
                new Endpoint("GET /v1/me", "decider analyst engineer approver auditor signal-writer", r -> r.get("/v1/me")),
                new Endpoint("GET /v1/rulesets", READERS, r -> r.get("/v1/rulesets")),
                new Endpoint("GET /v1/rulesets/active", READERS, r -> r.get("/v1/rulesets/active")),
                new Endpoint("GET /v1/rulesets/{n}", READERS, r -> r.get("/v1/rulesets/1")),
                new Endpoint("GET /v1/rulesets/{n}/files/{name}", READERS, r -> r.get("/v1/rulesets/1/files/nope.drl.csv")),
                new Endpoint("POST /v1/rulesets", "analyst engineer",
                        r -> r.multiPart("file", "not-a-table.txt", new byte[] {1}).post("/v1/rulesets")),
                new Endpoint("POST /v1/rulesets/{n}/activate", "approver", r -> r.post("/v1/rulesets/9999/activate")),
                new Endpoint("GET /v1/rulesets/{n}/release", READERS, r -> r.get("/v1/rulesets/1/release")),
                new Endpoint("GET /v1/rulesets/{n}/diff", READERS, r -> r.get("/v1/rulesets/1/diff")),
                new Endpoint("GET /v1/rulesets/{n}/files/{name}?as=xlsx", READERS, r -> r.get("/v1/rulesets/1/files/nope.drl.csv?as=xlsx")),
                new Endpoint("GET /v1/rulesets/{n}/template", "analyst engineer",
                        r -> r.get("/v1/rulesets/1/template?file=25-matrix.drl.csv&table=Matrix")),
                new Endpoint("GET /v1/rulesets/{n}/files/{name}/grid", READERS, r -> r.get("/v1/rulesets/1/files/nope.drl.csv/grid")),
                new Endpoint("POST /v1/rulesets/grids", "analyst engineer",
                        r -> r.contentType(ContentType.JSON).body("{\"files\":[]}").post("/v1/rulesets/grids")),
                new Endpoint("POST /v1/rulesets/grids/check", "analyst engineer",
                        r -> r.contentType(ContentType.JSON).body("{\"files\":[]}").post("/v1/rulesets/grids/check")),
                new Endpoint("POST /v1/rulesets/{n}/evaluate", READERS, r -> r.contentType(ContentType.JSON)
                        .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\"}").post("/v1/rulesets/1/evaluate")),
                new Endpoint("GET /v1/fact-model", READERS, r -> r.get("/v1/fact-model")),
                new Endpoint("GET /v1/rulesets/activations", SIM_READERS, r -> r.get("/v1/rulesets/activations?limit=1")),
                new Endpoint("POST /v1/simulations", SIM_RUNNERS, r -> r.contentType(ContentType.JSON)
                        .body("{\"candidateRevision\":9999}").post("/v1/simulations")),
                new Endpoint("POST /v1/simulations (upload)", SIM_RUNNERS, r -> r.multiPart("candidateRevision", "9999")
                        .multiPart("baseline", "1").multiPart("history", "h.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8))
                        .post("/v1/simulations")),
                new Endpoint("GET /v1/simulations", SIM_READERS, r -> r.get("/v1/simulations?limit=1")),
                new Endpoint("GET /v1/simulations/{id}", SIM_READERS, r -> r.get("/v1/simulations/" + someId)),
                new Endpoint("GET /v1/simulations/{id}/report", SIM_READERS, r -> r.get("/v1/simulations/" + someId + "/report")),
                new Endpoint("POST /v1/simulations/{id}/cancel", SIM_RUNNERS, r -> r.post("/v1/simulations/" + someId + "/cancel")),
                new Endpoint("GET /v1/signals", SIGNAL_READERS, r -> r.get("/v1/signals")),
                new Endpoint("GET /v1/signals/{name}", SIGNAL_READERS, r -> r.get("/v1/signals/payments.up")),
                new Endpoint("PUT /v1/signals/{name}", "signal-writer", r -> r.contentType(ContentType.JSON)
                        .body("{\"value\":true,\"observedAt\":\"" + java.time.Instant.now() + "\"}").put("/v1/signals/payments.up")),
                new Endpoint("GET /v1/signals/{name}/pushes", "auditor", r -> r.get("/v1/signals/payments.up/pushes")));
    }

    /** Calls every endpoint as the current {@code @TestSecurity} identity; returns what answered otherwise than its roles say. */
    static List<String> matrix(String role) {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            boolean allowed = Set.of(e.allowed().split(" ")).contains(role);
            Response r = e.call().apply(given());
            boolean refused = r.statusCode() == 403 && r.contentType().startsWith("application/problem+json");
            if (allowed ? (r.statusCode() == 401 || r.statusCode() == 403) : !refused) {
                wrong.add(e + " as " + role + ": " + r.statusCode() + " " + r.body().asString());
            }
        }
        return wrong;
    }

    @Test
    @TestSecurity(user = "matrix-decider", roles = "decider")
    void aDeciderDecidesAndIsRefusedEverythingElse() {
        assertEquals(List.of(), matrix("decider"));
    }

    @Test
    @TestSecurity(user = "matrix-analyst", roles = "analyst")
    void anAnalystReadsAndUploadsRuleSetsAndRunsSimulations() {
        assertEquals(List.of(), matrix("analyst"));
    }

    @Test
    @TestSecurity(user = "matrix-engineer", roles = "engineer")
    void anEngineerDoesWhatAnAnalystDoes() {
        assertEquals(List.of(), matrix("engineer"));
    }

    @Test
    @TestSecurity(user = "matrix-approver", roles = "approver")
    void anApproverReadsRuleSetsAndSimulationsAndActivates() {
        assertEquals(List.of(), matrix("approver"));
    }

    @Test
    @TestSecurity(user = "matrix-auditor", roles = "auditor")
    void anAuditorReadsTheAuditLogAndRunsSimulations() {
        assertEquals(List.of(), matrix("auditor"));
    }

    @Test
    @TestSecurity(user = "matrix-signal-writer", roles = "signal-writer")
    void aSignalWriterPushesAndReadsSignalsAndNothingElse() {
        assertEquals(List.of(), matrix("signal-writer"));
    }

    /** The same matrix through the real token path (signature, audience, realm_access.roles): one role at a time. */
    static Stream<Arguments> endpointsAndRoles() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (String role : ROLES) {
                cases.add(Arguments.of(e, role, Set.of(e.allowed().split(" ")).contains(role)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}: allowed={2}")
    @MethodSource("endpointsAndRoles")
    void everyEndpointAnswersItsRolesAndRefusesTheOthersByToken(Endpoint endpoint, String role, boolean allowed) {
        Response r = endpoint.call().apply(Tokens.as("matrix-" + role, role));
        if (allowed) {
            assertTrue(r.statusCode() != 401 && r.statusCode() != 403,
                    endpoint + " as " + role + " must be allowed, got " + r.statusCode() + " " + r.body().asString());
        } else {
            r.then().statusCode(403).contentType("application/problem+json").body("title", equalTo("Forbidden"));
        }
    }

    static Stream<Endpoint> allEndpoints() {
        return endpoints().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEndpoints")
    void withoutATokenOrWithABadOneEveryEndpointIs401(Endpoint endpoint) {
        endpoint.call().apply(given()).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        String token = Tokens.token("forger", null, "decider", "analyst", "engineer", "approver", "auditor");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        endpoint.call().apply(given().header("Authorization", "Bearer " + tampered)).then().statusCode(401)
                .contentType("application/problem+json");
        endpoint.call().apply(given().header("Authorization", "Bearer not.a.jwt")).then().statusCode(401);
    }

    @Test
    void versionAndHealthNeedNoToken() {
        given().get("/v1/version").then().statusCode(200);
        given().get("/v1/ui-config").then().statusCode(200);
        given().get("/.well-known/authzen-configuration").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200).body("checks.find { it.name == 'security' }.data.mode", equalTo("oidc"));
    }

    @Test
    void aTenantBoundDeciderDecidesOnlyItsTenantsCommands() {
        decideAs("acme", "acme").then().statusCode(200).body("outcome", equalTo("ROUTED"));
        decideAs("acme", "globex").then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("tenant")).body("detail", containsString("tenant 'acme' only"));
        decideAs("acme", null).then().statusCode(403).body("detail", containsString("missing"));
        decideAs(null, "globex").then().statusCode(200);
    }

    @Test
    void aTenantBoundDeciderAtTheGatewayAdapterDecidesOnlyItsTenantsCommandsAndTheRefusalNamesTheHeader() {
        Tokens.asTenant("gateway-acme", "acme", "decider").header("X-Command-Id", UUID.randomUUID().toString())
                .header("X-Command-Type", "ReserveInventory").header("X-Command-Tenant", "acme").get("/v1/decide/gateway")
                .then().statusCode(200).header("X-Arbiter-Outcome", "ROUTED");
        Tokens.asTenant("gateway-acme", "acme", "decider").header("X-Command-Id", UUID.randomUUID().toString())
                .header("X-Command-Type", "ReserveInventory").header("X-Command-Tenant", "globex").get("/v1/decide/gateway")
                .then().statusCode(403).contentType("application/problem+json").body("title", equalTo("Other tenant"))
                .body("errors[0].field", equalTo("X-Command-Tenant"));
    }

    private static Response decideAs(String callerTenant, String commandTenant) {
        RequestSpecification r = callerTenant == null ? Tokens.as("gateway", "decider") : Tokens.asTenant("gateway-" + callerTenant, callerTenant, "decider");
        return r.contentType(ContentType.JSON).body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\""
                + (commandTenant == null ? "" : ",\"tenant\":\"" + commandTenant + "\"") + ",\"correlationId\":\"tenancy\"}").post("/v1/decide");
    }

    @Test
    void aTenantBoundAuditorSeesOnlyItsTenantsDecisions() {
        String acme = decideAs(null, "acme").then().statusCode(200).extract().path("decisionId");
        String globex = decideAs(null, "globex").then().statusCode(200).extract().path("decisionId");

        Tokens.asTenant("auditor-acme", "acme", "auditor").get("/v1/decisions?correlationId=tenancy&limit=1000").then().statusCode(200)
                .body("items.input.tenant", everyItem(equalTo("acme"))).body("items.decision_id", org.hamcrest.Matchers.hasItem(acme));
        Tokens.asTenant("auditor-acme", "acme", "auditor").get("/v1/decisions?tenant=globex").then().statusCode(403)
                .body("errors[0].field", equalTo("tenant"));
        Tokens.asTenant("auditor-acme", "acme", "auditor").get("/v1/decisions/" + globex).then().statusCode(404);
        Tokens.asTenant("auditor-acme", "acme", "auditor").get("/v1/decisions/" + acme).then().statusCode(200);
        String export = Tokens.asTenant("auditor-acme", "acme", "auditor").get("/v1/decisions/export").then().statusCode(200)
                .extract().asString();
        assertTrue(export.contains(acme) && !export.contains(globex), "a bound auditor's export holds only its tenant");
        Tokens.asTenant("auditor-acme", "acme", "auditor").get("/v1/audit/verify").then().statusCode(403)
                .body("detail", containsString("every tenant"));
        // A platform auditor sees both.
        Tokens.as("auditor-all", "auditor").get("/v1/decisions/" + globex).then().statusCode(200);
        Tokens.as("auditor-all", "auditor").get("/v1/decisions?tenant=globex&correlationId=tenancy").then().statusCode(200)
                .body("items.input.tenant", everyItem(equalTo("globex")));
    }

    @Test
    void aTenantBoundAnalystSimulatesOverItsTenantsDecisionsOnlyAndOthersCannotSeeIt() {
        decideAs(null, "acme").then().statusCode(200);
        decideAs(null, "globex").then().statusCode(200);
        RequestSpecification acmeAnalyst = Tokens.asTenant("analyst-acme", "acme", "analyst");
        String id = acmeAnalyst.contentType(ContentType.JSON)
                .body("{\"candidateRevision\":1,\"baseline\":{\"revision\":1},\"source\":{\"auditLog\":{\"correlationId\":\"tenancy\"}}}")
                .post("/v1/simulations").then().statusCode(202).body("source.auditLog.tenant", equalTo("acme"))
                .body("tenant", equalTo("acme")).body("requestedBy", equalTo("analyst-acme")).extract().path("id");
        Tokens.asTenant("analyst-acme", "acme", "analyst").contentType(ContentType.JSON)
                .body("{\"candidateRevision\":1,\"source\":{\"auditLog\":{\"tenant\":\"globex\"}}}")
                .post("/v1/simulations").then().statusCode(403).body("errors[0].field", equalTo("source.auditLog.tenant"));

        Tokens.asTenant("analyst-globex", "globex", "analyst").get("/v1/simulations/" + id).then().statusCode(404);
        Tokens.asTenant("analyst-globex", "globex", "analyst").get("/v1/simulations?limit=500").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        Tokens.as("analyst-all", "analyst").get("/v1/simulations/" + id).then().statusCode(200);
        var done = Tokens.asTenant("analyst-acme", "acme", "analyst").get("/v1/simulations/" + id);
        for (int i = 0; i < 200 && !done.path("status").equals("COMPLETED"); i++) {
            done = Tokens.asTenant("analyst-acme", "acme", "analyst").get("/v1/simulations/" + id);
        }
        done.then().body("status", equalTo("COMPLETED")).body("report.breakdown.tenant.keySet()", equalTo(Set.of("acme")));
    }

    @Test
    void onlyEngineersAddReplaceOrRemoveDrlBecauseItIsCode() {
        byte[] drl = "package io.arbiter.test\nimport io.arbiter.decision.Command\nrule \"x\" when Command(type == \"Nope\") then end\n"
                .getBytes(StandardCharsets.UTF_8);
        Tokens.as("ann", "analyst").multiPart("file", "50-extra.drl", drl).post("/v1/rulesets").then().statusCode(403)
                .contentType("application/problem+json").body("errors[0].field", equalTo("file"))
                .body("detail", containsString("'50-extra.drl' is DRL"));
        Tokens.as("ann", "analyst").multiPart("remove", "40-refund-controls.drl").post("/v1/rulesets").then().statusCode(403);
        Tokens.as("eve", "engineer").multiPart("file", "50-extra.drl", drl).post("/v1/rulesets").then().statusCode(201)
                .body("createdBy", equalTo("eve"));
    }

    @Test
    void aTenantBoundCallerReadsRuleSetsButCannotChangeWhatDecidesForEveryTenant() {
        RequestSpecification acme = Tokens.asTenant("acme-admin", "acme", "analyst", "engineer", "approver");
        acme.get("/v1/rulesets/active").then().statusCode(200);
        Tokens.asTenant("acme-admin", "acme", "analyst", "engineer", "approver")
                .multiPart("file", "50-acme.drl.csv", RuleSetApiTest.CHECKOUT_OWNS_ORDERS.getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("Rule sets decide for every tenant"));
        Tokens.asTenant("acme-admin", "acme", "approver").post("/v1/rulesets/1/activate").then().statusCode(403)
                .body("detail", containsString("may not activate"));
    }

    @Test
    void anApproverCannotReleaseARevisionTheyAuthored() {
        int revision = Tokens.as("ann", "analyst", "approver").multiPart("file", "50-four-eyes.drl.csv",
                        RuleSetApiTest.ownership("Four eyes", "Archive desk owns archiving", "ArchiveOrder", "archive-desk")
                                .getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).body("createdBy", equalTo("ann")).extract().path("revision");
        String override = "{\"overrideReason\":\"four-eyes test\"}";
        Tokens.as("ann", "analyst", "approver").contentType(ContentType.JSON).body(override)
                .post("/v1/rulesets/" + revision + "/activate").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("Four-eyes: ann authored revision " + revision));
        int before = Tokens.as("bob", "approver").get("/v1/rulesets/active").then().extract().path("revision");
        Tokens.as("bob", "approver").contentType(ContentType.JSON).body(override).post("/v1/rulesets/" + revision + "/activate")
                .then().statusCode(200);
        Tokens.as("bob", "approver").get("/v1/rulesets/activations?limit=1").then()
                .body("[0].activatedBy", equalTo("bob")).body("[0].breakGlass", equalTo(false));
        // Rolling back is not releasing new content: the author of the revision rolled back to is irrelevant.
        Tokens.as("ann", "approver").post("/v1/rulesets/" + before + "/activate").then().statusCode(200);
        assertEquals(before, (int) Tokens.as("bob", "approver").get("/v1/rulesets/active").then().extract().path("revision"));
    }

    @Test
    @TestSecurity(user = "gateway-initech", roles = "decider", attributes = @SecurityAttribute(key = "tenant", value = "initech"))
    void testSecurityIdentitiesCarryTheirTenantToo() {
        given().contentType(ContentType.JSON).body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"tenant\":\"acme\"}")
                .post("/v1/decide").then().statusCode(403).body("errors[0].field", equalTo("tenant"));
        given().contentType(ContentType.JSON).body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"tenant\":\"initech\"}")
                .post("/v1/decide").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "auditor-only", roles = "auditor")
    void testSecurityIdentitiesAreHeldToTheirRoles() {
        given().get("/v1/decisions?limit=1").then().statusCode(200);
        given().get("/v1/rulesets").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"commandId\":\"x\",\"type\":\"PlaceOrder\"}").post("/v1/decide").then().statusCode(403);
    }
}

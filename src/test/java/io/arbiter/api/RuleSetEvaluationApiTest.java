package io.arbiter.api;

import io.arbiter.database.Transactions;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.ruleset.RuleSetStore;
import io.arbiter.support.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/rulesets/{revision}/evaluate}: any revision's answer for a command, with the rows
 * that decided located where the analyst sees them — and nothing recorded, no command id remembered.
 */
@QuarkusTest
class RuleSetEvaluationApiTest {
    /** The bundled order that the 20 % EU web rollout sends to the new orchestrator (bucket 8). */
    static final String EU_WEB_ORDER = "{\"commandId\":\"%s\",\"type\":\"PlaceOrder\",\"businessKey\":\"order-1007\","
            + "\"market\":\"EU\",\"channel\":\"web\"}";
    static final String ARCHIVE = "{\"commandId\":\"eval-archive\",\"type\":\"ArchiveOrder\"}";

    /** Archiving: a desk from 2030 (row 8, above), the current desk until then (row 9). */
    static final String DATED_ARCHIVE = String.join("\n", "RuleSet,io.arbiter.test", ",", "RuleTable Dated archive ownership",
            "NAME,CONDITION,ACTION,DATE-EFFECTIVE", ",c: Command,,", ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\",",
            "Rule,Command type,Owner,Effective from",
            "The 2030 archive desk owns archiving,ArchiveOrder,archive-desk-2030,2030-01-01",
            "The archive desk owns archiving,ArchiveOrder,archive-desk,") + "\n";

    @Inject
    DataSource dataSource;

    @Inject
    RuleSetStore store;

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    static Response evaluate(int revision, String json) {
        return evaluate(given(), revision, json);
    }

    static Response evaluate(RequestSpecification as, int revision, String json) {
        return as.contentType(ContentType.JSON).body(json).post("/v1/rulesets/" + revision + "/evaluate");
    }

    static Response evaluateAt(int revision, String at, String json) {
        return given().contentType(ContentType.JSON).queryParam("at", at).body(json).post("/v1/rulesets/" + revision + "/evaluate");
    }

    static String id() {
        return "eval-" + UUID.randomUUID();
    }

    @Test
    void theActiveRevisionAnswersWhatDecideAnswersAndLocatesTheRowsThatDecided() {
        int active = RuleSetApiTest.active();
        PushedSignals.healthy();
        Response tried = evaluate(active, EU_WEB_ORDER.formatted(id()));
        tried.then().statusCode(200).contentType(ContentType.JSON)
                .body("revision", equalTo(active))
                .body("bucket", equalTo(8))
                .body("outcome", equalTo("ROUTED"))
                .body("owner", equalTo("order-management"))
                .body("implementation", equalTo("new"))
                .body("mode", equalTo("ORCHESTRATED"))
                .body("acceptance", equalTo("ACCEPTED"))
                .body("translation", nullValue())
                .body("failureContract", equalTo("REJECT"))
                .body("destination", equalTo("https://order-orchestrator.internal/commands"))
                .body("matchedRules", contains("Order Management owns order placement",
                        "EU web orders in the 20 % rollout go to the new orchestrator"))
                .body("matchedRows.file", contains("10-ownership.drl.xlsx", "20-order-migration.drl.csv"))
                .body("matchedRows.sheet", contains("Ownership", null))
                .body("matchedRows.table", contains("Command ownership", "Order migration"))
                .body("matchedRows.row", contains(8, 10))
                .body("matchedRows.rule", contains("Order Management owns order placement",
                        "EU web orders in the 20 % rollout go to the new orchestrator"))
                .body("reasons[1]", containsString("Table 'Order migration' row 10"))
                .body("$", not(hasKey("decisionId")))
                .body("$", not(hasKey("decidedAt")))
                .body("$", not(hasKey("replayed")));
        Instant evaluatedAt = Instant.parse(tried.path("evaluatedAt"));
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(evaluatedAt, Instant.now())) < 60, "evaluated now: " + evaluatedAt);

        Response decided = DecideApiTest.decide(EU_WEB_ORDER.formatted(id()));
        decided.then().statusCode(200);
        for (String field : List.of("outcome", "owner", "implementation", "mode", "acceptance", "translation",
                "failureContract", "destination", "revision", "bucket", "matchedRules", "reasons")) {
            assertEquals((Object) decided.path(field), tried.path(field), field + " as decide answers it");
        }
    }

    @Test
    void aDrlRuleIsLocatedByItsFileAndItsPlaceInIt() {
        evaluate(RuleSetApiTest.active(), "{\"commandId\":\"eval-refund\",\"type\":\"IssueRefund\",\"attributes\":{\"amount\":\"9000\"}}")
                .then().statusCode(200).body("translation", equalTo("legacy-financial-controls-acl"))
                .body("matchedRows.find { it.file == '40-refund-controls.drl' }.table", equalTo("40-refund-controls"))
                .body("matchedRows.find { it.file == '40-refund-controls.drl' }.row", equalTo(1))
                .body("matchedRows.find { it.file == '40-refund-controls.drl' }.sheet", nullValue())
                .body("matchedRows.find { it.file == '40-refund-controls.drl' }.rule",
                        equalTo("Refunds over 5000 pass legacy financial controls"));
    }

    @Test
    void aDraftEvaluatesOtherwiseThanTheActiveRevisionAndStaysADraft() {
        int active = RuleSetApiTest.active();
        int draft = RuleSetApiTest.uploadCsv("50-eval-archive.drl.csv",
                RuleSetApiTest.ownership("Archive ownership", "The archive desk owns archiving", "ArchiveOrder", "archive-desk"));

        evaluate(active, ARCHIVE).then().statusCode(200).body("revision", equalTo(active))
                .body("outcome", equalTo("NO_OWNER")).body("owner", nullValue()).body("matchedRows", empty());
        evaluate(draft, ARCHIVE).then().statusCode(200).body("revision", equalTo(draft))
                .body("outcome", equalTo("ROUTED")).body("owner", equalTo("archive-desk"))
                .body("matchedRows.size()", equalTo(1))
                .body("matchedRows[0].file", equalTo("50-eval-archive.drl.csv"))
                .body("matchedRows[0].sheet", nullValue())
                .body("matchedRows[0].table", equalTo("Archive ownership"))
                .body("matchedRows[0].row", equalTo(8))
                .body("matchedRows[0].rule", equalTo("The archive desk owns archiving"));

        given().get("/v1/rulesets/" + draft).then().body("status", equalTo("DRAFT"));
        assertEquals(active, RuleSetApiTest.active(), "trying a draft does not activate it");
        DecideApiTest.decide("{\"commandId\":\"" + id() + "\",\"type\":\"ArchiveOrder\"}").then()
                .body("outcome", equalTo("NO_OWNER")).body("revision", equalTo(active));
    }

    @Test
    void aRowOfAWorkbookIsLocatedOnItsSheet() {
        String csv = RuleSetApiTest.ownership("Archive ownership", "The archive desk owns archiving", "ArchiveOrder", "archive-desk");
        int draft = RuleSetApiTest.upload("50-eval-archive.drl.xlsx", Workbooks.xlsx("Archiving", Workbooks.csv(csv.strip())), Map.of())
                .then().statusCode(201).extract().path("revision");
        evaluate(draft, ARCHIVE).then().statusCode(200).body("owner", equalTo("archive-desk"))
                .body("matchedRows[0].file", equalTo("50-eval-archive.drl.xlsx"))
                .body("matchedRows[0].sheet", equalTo("Archiving"))
                .body("matchedRows[0].table", equalTo("Archive ownership"))
                .body("matchedRows[0].row", equalTo(8));
    }

    @Test
    void atBeforeARowsEffectiveDateExcludesIt() {
        int draft = RuleSetApiTest.uploadCsv("50-eval-dated.drl.csv", DATED_ARCHIVE);

        evaluateAt(draft, "2029-12-31T23:59:59Z", ARCHIVE).then().statusCode(200)
                .body("evaluatedAt", equalTo("2029-12-31T23:59:59Z"))
                .body("owner", equalTo("archive-desk"))
                .body("matchedRows.row", contains(9))
                .body("matchedRules", contains("The archive desk owns archiving"));
        evaluateAt(draft, "2030-06-01T00:00:00Z", ARCHIVE).then().statusCode(200)
                .body("evaluatedAt", equalTo("2030-06-01T00:00:00Z"))
                .body("owner", equalTo("archive-desk-2030"))
                .body("matchedRows.row", contains(8))
                .body("matchedRules", contains("The 2030 archive desk owns archiving"));
        // Without `at`, now: before 2030.
        evaluate(draft, ARCHIVE).then().statusCode(200).body("owner", equalTo("archive-desk"));
    }

    @Test
    void noOwnerAndAmbiguousAreAnsweredWithTheirReasonsAndRows() {
        int active = RuleSetApiTest.active();
        evaluate(active, "{\"commandId\":\"eval-gap\",\"type\":\"UpdateOrderStatus\"}").then().statusCode(200)
                .body("outcome", equalTo("NO_OWNER")).body("owner", nullValue()).body("mode", nullValue())
                .body("matchedRules", empty()).body("matchedRows", empty())
                .body("reasons", hasItem(containsString("No row assigns an owner to 'UpdateOrderStatus'")));

        int draft = RuleSetApiTest.uploadCsv("50-checkout.drl.csv", RuleSetApiTest.CHECKOUT_OWNS_ORDERS);
        evaluate(draft, "{\"commandId\":\"eval-amb\",\"type\":\"PlaceOrder\"}").then().statusCode(200)
                .body("outcome", equalTo("AMBIGUOUS")).body("owner", nullValue()).body("mode", nullValue())
                .body("reasons", hasItem(containsString(
                        "'order-management' (table 'Command ownership' row 8) vs 'checkout' (table 'Checkout ownership' row 8)")))
                .body("matchedRows.find { it.table == 'Command ownership' }.file", equalTo("10-ownership.drl.xlsx"))
                .body("matchedRows.find { it.table == 'Command ownership' }.row", equalTo(8))
                .body("matchedRows.find { it.table == 'Checkout ownership' }.file", equalTo("50-checkout.drl.csv"))
                .body("matchedRows.find { it.table == 'Checkout ownership' }.row", equalTo(8))
                .body("matchedRows.find { it.table == 'Checkout ownership' }.rule", equalTo("Checkout owns placement"));
    }

    @Test
    void aBadBodyOrABadAtIs400NamingTheFieldAndNothingIsAudited() {
        int active = RuleSetApiTest.active();
        long before = audited();
        evaluate(active, "{\"type\":\"PlaceOrder\"}").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("commandId"));
        evaluate(active, "{\"commandId\":\"a\",\"type\":\"PlaceOrder\",\"markt\":\"EU\"}").then().statusCode(400)
                .body("errors.field", hasItem("markt"));
        evaluate(active, "{\"commandId\":\"a\",\"type\":\"PlaceOrder\",\"attributes\":{\"n\":1}}").then().statusCode(400)
                .body("errors.field", hasItem("attributes.n"));
        evaluate(active, "{\"commandId\":").then().statusCode(400).contentType("application/problem+json");
        evaluate(active, "").then().statusCode(400).contentType("application/problem+json");
        evaluateAt(active, "yesterday", "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("at"))
                .body("detail", containsString("not an ISO-8601 instant"));
        evaluateAt(active, "+999999999-12-31T23:59:59Z", "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}").then().statusCode(400)
                .body("errors[0].field", equalTo("at"));
        given().contentType(ContentType.JSON).queryParam("when", "2030-01-01T00:00:00Z").body("{\"commandId\":\"a\",\"type\":\"b\"}")
                .post("/v1/rulesets/" + active + "/evaluate").then().statusCode(400).body("errors[0].field", equalTo("when"));
        assertEquals(before, audited());
    }

    @Test
    void theBodyIsReadAsDecideReadsIt413And415() {
        int active = RuleSetApiTest.active();
        String huge = "{\"commandId\":\"a\",\"type\":\"b\",\"cohort\":\"" + "x".repeat(70_000) + "\"}";
        evaluate(active, huge).then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 65536 bytes"));
        given().contentType(ContentType.TEXT).body("PlaceOrder").post("/v1/rulesets/" + active + "/evaluate").then()
                .statusCode(415).contentType("application/problem+json");
        given().contentType("application/json; charset=ISO-8859-1").body("{\"commandId\":\"a\",\"type\":\"b\"}")
                .post("/v1/rulesets/" + active + "/evaluate").then().statusCode(415);
    }

    @Test
    void anUnknownRevisionIs404() {
        evaluate(999_999, "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404))
                .body("detail", containsString("Revision 999999 does not exist"));
    }

    @Test
    void aRevisionThatIsNotANumberOrOutOfRangeIs404Too() {
        for (String revision : List.of("abc", "-1", "0", "2147483648", "1e3")) {
            given().contentType(ContentType.JSON).body("{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}")
                    .post("/v1/rulesets/" + revision + "/evaluate").then().statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void aStoredRevisionThatNoLongerCompilesIs422WithItsProblemsLocated() {
        // Stored as the compiler of an earlier version might have let it through; uploads refuse it now.
        byte[] broken = RuleSetApiTest.CHECKOUT_OWNS_ORDERS.replace("type ==", "typo ==").getBytes(StandardCharsets.UTF_8);
        RuleSetFile file = new RuleSetFile("10-stale.drl.csv", broken);
        int revision = Transactions.call(() -> store.insert(List.of(file), file.sha256(), 1, null,
                "stored before the compiler refused it", "eval-test", null, Instant.now())).revision();

        evaluate(revision, "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}").then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Revision does not compile"))
                .body("detail", containsString("Revision " + revision + " is stored but does not compile"))
                .body("errors[0].file", equalTo("10-stale.drl.csv"))
                .body("errors[0].row", equalTo(6))
                .body("errors[0].column", equalTo("B"));
    }

    @Test
    void aRuleThatFailsOnTheCommandIs422NotAServerError() {
        String drl = """
                package io.arbiter.test.eval;
                import io.arbiter.decision.Command;
                global io.arbiter.decision.Route route;
                rule "Sideways archiving"
                when Command(type == "ArchiveOrder")
                then route.owner("archive-desk"); route.mode("SIDEWAYS");
                end
                """;
        int draft = RuleSetApiTest.upload("50-eval-sideways.drl", drl.getBytes(StandardCharsets.UTF_8), Map.of())
                .then().statusCode(201).extract().path("revision");
        evaluate(draft, ARCHIVE).then().statusCode(422).contentType("application/problem+json")
                .body("title", equalTo("Rule evaluation failed"))
                .body("detail", containsString("'SIDEWAYS' is not a mode"))
                .body("$", not(hasKey("errors")));
        // The revision still answers the commands its failing rule does not match.
        evaluate(draft, "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}").then().statusCode(200).body("outcome", equalTo("ROUTED"));
    }

    @Test
    void analystsEngineersAndApproversMayTryARevisionDecidersAndAuditorsMayNot() {
        int active = RuleSetApiTest.active();
        String body = "{\"commandId\":\"eval-roles\",\"type\":\"PlaceOrder\"}";
        for (String role : List.of("analyst", "engineer", "approver")) {
            evaluate(Tokens.as("eval-" + role, role), active, body).then().statusCode(200).body("owner", equalTo("order-management"));
        }
        for (String role : List.of("decider", "auditor")) {
            evaluate(Tokens.as("eval-" + role, role), active, body).then().statusCode(403)
                    .contentType("application/problem+json").body("title", equalTo("Forbidden"));
        }
    }

    @Test
    void withoutATokenItIs401() {
        Tokens.actAsNobody();
        try {
            evaluate(1, "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}").then().statusCode(401)
                    .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
            evaluate(given().header("Authorization", "Bearer not.a.jwt"), 1, "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}")
                    .then().statusCode(401);
        } finally {
            Tokens.actAsTester();
        }
    }

    @Test
    void aTenantBoundCallerTriesItsOwnTenantsCommandsOnly() {
        int active = RuleSetApiTest.active();
        String body = "{\"commandId\":\"eval-tenancy\",\"type\":\"PlaceOrder\"%s}";
        evaluate(Tokens.asTenant("analyst-acme", "acme", "analyst"), active, body.formatted(",\"tenant\":\"acme\""))
                .then().statusCode(200).body("owner", equalTo("order-management"));
        evaluate(Tokens.asTenant("analyst-acme", "acme", "analyst"), active, body.formatted(",\"tenant\":\"globex\""))
                .then().statusCode(403).contentType("application/problem+json").body("title", equalTo("Other tenant"))
                .body("errors[0].field", equalTo("tenant")).body("detail", containsString("tenant 'acme' only"));
        evaluate(Tokens.asTenant("analyst-acme", "acme", "analyst"), active, body.formatted(""))
                .then().statusCode(403).body("errors[0].field", equalTo("tenant")).body("detail", containsString("missing"));
        evaluate(Tokens.as("analyst-all", "analyst"), active, body.formatted(",\"tenant\":\"globex\"")).then().statusCode(200);
    }

    @Test
    void aDryRunIsNotAuditedAndLeavesTheCommandIdToDecide() {
        int active = RuleSetApiTest.active();
        String commandId = id();
        String envelope = EU_WEB_ORDER.formatted(commandId);
        long before = audited();

        evaluate(active, envelope).then().statusCode(200);
        evaluate(active, envelope).then().statusCode(200);
        assertEquals(0, rows("decision_log", commandId), "a dry run is not audited");
        assertEquals(0, rows("command_registry", commandId), "a dry run does not claim the command id");
        assertEquals(before, audited());

        Response decided = DecideApiTest.decide(envelope);
        decided.then().statusCode(200).body("replayed", nullValue()).body("decisionId", notNullValue());
        String decisionId = decided.path("decisionId");
        assertEquals(1, rows("decision_log", commandId), "decided once, recorded once");

        // Tried again after the decision — even with another envelope, which decide would refuse (409).
        evaluate(active, envelope).then().statusCode(200).body("$", not(hasKey("replayed"))).body("$", not(hasKey("decisionId")));
        evaluate(active, "{\"commandId\":\"" + commandId + "\",\"type\":\"CancelOrder\"}").then().statusCode(200)
                .body("matchedRules", hasItem("Order Management owns order cancellation"));
        assertEquals(1, rows("decision_log", commandId));

        DecideApiTest.decide(envelope).then().statusCode(200).body("replayed", equalTo(true)).body("decisionId", equalTo(decisionId));
        DecideApiTest.decide("{\"commandId\":\"" + commandId + "\",\"type\":\"CancelOrder\"}").then().statusCode(409);
        assertEquals(1, rows("decision_log", commandId));
        assertNotEquals(before, audited());
    }

    long rows(String table, String commandId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE command_id = ?")) {
            s.setString(1, commandId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long audited() {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM decision_log")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

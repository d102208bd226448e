package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DecideApiTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Inject
    DataSource dataSource;

    static Response decide(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/v1/decide");
    }

    int activeRevision() {
        return given().get("/v1/rulesets/active").then().statusCode(200).extract().path("revision");
    }

    @Test
    void routesACommandAndAnswersEveryFieldOfTheContract() {
        PushedSignals.healthy();
        Response r = decide("""
                {"commandId":"cmd-1","type":"PlaceOrder","businessKey":"order-1007","tenant":"acme","market":"EU",
                 "channel":"web","product":"shoes","customerTier":"gold","cohort":"none","attributes":{"giftWrap":"yes"},
                 "correlationId":"corr-1","causationId":"cause-1","issuedAt":"2026-11-22T10:00:00Z"}""");
        r.then().statusCode(200).contentType(ContentType.JSON)
                .body("commandId", equalTo("cmd-1"))
                .body("outcome", equalTo("ROUTED"))
                .body("owner", equalTo("order-management"))
                .body("implementation", equalTo("new"))
                .body("mode", equalTo("ORCHESTRATED"))
                .body("acceptance", equalTo("ACCEPTED"))
                .body("translation", nullValue())
                .body("failureContract", equalTo("REJECT"))
                .body("destination", equalTo("https://order-orchestrator.internal/commands"))
                .body("revision", equalTo(activeRevision()))
                .body("bucket", equalTo(8))
                .body("matchedRules", contains("Order Management owns order placement",
                        "EU web orders in the 20 % rollout go to the new orchestrator"))
                .body("reasons[1]", containsString("Strangler step 2"));
        UUID.fromString(r.path("decisionId"));
        Instant decidedAt = Instant.parse(r.path("decidedAt"));
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(decidedAt, Instant.now())) < 60);
    }

    @Test
    void everyDecisionIsInTheAuditLogExactlyAsReturned() {
        Response decision = given().contentType(ContentType.JSON)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .body("{\"commandId\":\"cmd-audit\",\"type\":\"IssueRefund\",\"businessKey\":\"refund-9\",\"attributes\":{\"amount\":\"9000\"}}")
                .post("/v1/decide");
        decision.then().statusCode(200);
        String id = decision.path("decisionId");
        Response record = given().get("/v1/decisions/" + id);
        record.then().statusCode(200)
                .body("decision_id", equalTo(id))
                .body("timestamp", equalTo(decision.path("decidedAt")))
                .body("revision", equalTo(decision.path("revision")))
                .body("path", equalTo("v1/decide"))
                .body("requested_by", equalTo(Tokens.TESTER))
                .body("subject", equalTo(Tokens.TESTER))
                .body("client_id", equalTo("arbiter-tests"))
                .body("trace_id", equalTo("4bf92f3577b34da6a3ce929d0e0e4736"))
                .body("span_id", equalTo("00f067aa0ba902b7"))
                .body("metrics.timer_arbiter_eval_ns", org.hamcrest.Matchers.greaterThan(0))
                .body("seq", org.hamcrest.Matchers.greaterThan(0))
                .body("hash", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
                .body("input.commandId", equalTo("cmd-audit"))
                .body("input.type", equalTo("IssueRefund"))
                .body("input.attributes.amount", equalTo("9000"))
                .body("result.translation", equalTo("legacy-financial-controls-acl"));
        // The stored result is the returned body, field for field.
        assertEquals(decision.jsonPath().getMap("$"), record.jsonPath().getMap("result"));
    }

    @Test
    void aCommandNobodyOwnsIsAnsweredAndAuditedAsNoOwner() {
        Response r = decide("{\"commandId\":\"cmd-gap\",\"type\":\"UpdateOrderStatus\"}");
        r.then().statusCode(200).body("outcome", equalTo("NO_OWNER")).body("owner", nullValue())
                .body("mode", nullValue()).body("matchedRules.size()", equalTo(0))
                .body("reasons", hasItem(containsString("No row assigns an owner to 'UpdateOrderStatus'")));
        given().get("/v1/decisions/" + r.path("decisionId")).then().statusCode(200).body("result.outcome", equalTo("NO_OWNER"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON             | {"commandId":                                         | 400 |
            JSON that is not an object | ["PlaceOrder"]                                        | 400 |
            empty body                 | ``                                                    | 400 |
            trailing garbage           | {"commandId":"a","type":"b"} x                        | 400 |
            missing commandId          | {"type":"PlaceOrder"}                                 | 400 | commandId
            blank type                 | {"commandId":"a","type":"  "}                         | 400 | type
            type is a number           | {"commandId":"a","type":42}                           | 400 | type
            market is a boolean        | {"commandId":"a","type":"b","market":true}            | 400 | market
            attributes not an object   | {"commandId":"a","type":"b","attributes":"x"}         | 400 | attributes
            attribute value a number   | {"commandId":"a","type":"b","attributes":{"n":1}}     | 400 | attributes.n
            attribute value null       | {"commandId":"a","type":"b","attributes":{"n":null}}  | 400 | attributes.n
            misspelt field             | {"commandId":"a","type":"b","markt":"EU"}             | 400 | markt
            issuedAt not an instant    | {"commandId":"a","type":"b","issuedAt":"yesterday"}   | 400 | issuedAt
            """)
    void badRequestsAreProblemsNamingTheFieldAndAreNotAudited(String name, String body, int status, String field) {
        long before = auditedDecisions();
        Response r = decide(body == null ? "" : body);
        r.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("title", org.hamcrest.Matchers.notNullValue());
        if (field != null) {
            r.then().body("errors.field", hasItem(field));
        }
        assertEquals(before, auditedDecisions());
    }

    @Test
    void missingCommandIdAndTypeAreBothNamed() {
        decide("{}").then().statusCode(400).body("errors.field", contains("commandId", "type"));
    }

    @Test
    void aBodyOverTheLimitIs413() {
        long before = auditedDecisions();
        String huge = "{\"commandId\":\"a\",\"type\":\"b\",\"cohort\":\"" + "x".repeat(70_000) + "\"}";
        decide(huge).then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 65536 bytes"));
        assertEquals(before, auditedDecisions());
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        given().contentType(ContentType.TEXT).body("PlaceOrder").post("/v1/decide")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void unknownAndMalformedDecisionIdsAre404And400() {
        given().get("/v1/decisions/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().get("/v1/decisions/not-a-uuid").then().statusCode(400).body("errors.field", equalTo(List.of("decisionId")));
    }

    long auditedDecisions() {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM decision_log")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

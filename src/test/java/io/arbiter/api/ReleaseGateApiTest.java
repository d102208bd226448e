package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.arbiter.api.Simulations.awaitFinished;
import static io.arbiter.api.Simulations.decideArchiveOrders;
import static io.arbiter.api.Simulations.simulate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The release gate, with {@code arbiter.release.min-simulated-decisions} = 20 in the test profile. */
@QuarkusTest
class ReleaseGateApiTest extends ReleaseApiTestBase {
    static Response activate(int revision, String body) {
        return Tokens.approver().contentType(ContentType.JSON).body(body).post("/v1/rulesets/" + revision + "/activate");
    }

    @Test
    void aRevisionThatWasNeverSimulatedCannotBeActivatedAndTheProblemSaysWhatIsMissing() {
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        Tokens.approver().post("/v1/rulesets/" + candidate + "/activate").then().statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Release gate"))
                .body("detail", containsString("Revision " + candidate + " has no completed simulation over at least 20 decisions"))
                .body("detail", containsString("overrideReason"))
                .body("errors[0].field", equalTo("simulationId"));
        activate(candidate, "{\"overrideReason\":\"   \"}").then().statusCode(409);
        activate(candidate, "{\"overrideReason\":\"" + "x".repeat(2049) + "\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("overrideReason"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("DRAFT"));
        assertEquals(initiallyActive, RuleSetApiTest.active());
    }

    @Test
    void aSimulationOverEnoughRecentDecisionsMakesTheRevisionSimulatedAndReleasable() {
        String correlation = decideArchiveOrders(20);
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        String simulation = simulate(candidate, correlation, null);
        assertEquals("COMPLETED", awaitFinished(simulation).getString("status"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("SIMULATED"));

        Tokens.approver().post("/v1/rulesets/" + candidate + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().get("/v1/rulesets/activations").then().statusCode(200)
                .body("[0].revision", equalTo(candidate)).body("[0].previousRevision", equalTo(initiallyActive))
                .body("[0].kind", equalTo("ACTIVATION")).body("[0].simulationId", equalTo(simulation))
                .body("[0].overrideReason", nullValue()).body("[0].activatedBy", notNullValue())
                .body("[0].activatedAt", notNullValue());
    }

    @Test
    void aSimulationThatDoesNotPassTheGateIsRefusedWithItsReason() {
        String correlation = decideArchiveOrders(6);
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        int other = SimulationApiTest.uploadArchiveCandidate();

        String tooFew = simulate(candidate, correlation, null);
        assertEquals(6, awaitFinished(tooFew).getInt("replayed"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("DRAFT"));
        activate(candidate, "{\"simulationId\":\"" + tooFew + "\"}").then().statusCode(409)
                .body("detail", containsString("replayed 6 decisions; the gate needs at least 20"));
        Tokens.approver().post("/v1/rulesets/" + candidate + "/activate").then().statusCode(409)
                .body("detail", containsString("its simulations replayed at most 6"));

        String ofAnother = simulate(other, correlation, null);
        awaitFinished(ofAnother);
        activate(candidate, "{\"simulationId\":\"" + ofAnother + "\"}").then().statusCode(409)
                .body("detail", containsString("simulated revision " + other + ", not " + candidate));

        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            file.append("{\"commandId\":\"gate-").append(i).append("\",\"type\":\"ArchiveOrder\"}\n");
        }
        String fromFile = given().multiPart("history", "h.jsonl", file.toString().getBytes(StandardCharsets.UTF_8))
                .multiPart("candidateRevision", String.valueOf(candidate)).multiPart("baseline", String.valueOf(initiallyActive))
                .post("/v1/simulations").then().statusCode(202).extract().path("id");
        JsonPath done = awaitFinished(fromFile);
        assertEquals(30, done.getInt("replayed"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("DRAFT"));
        activate(candidate, "{\"simulationId\":\"" + fromFile + "\"}").then().statusCode(409)
                .body("detail", containsString("replayed an uploaded file"));
        activate(candidate, "{\"simulationId\":\"" + UUID.randomUUID() + "\"}").then().statusCode(409)
                .body("detail", containsString("No simulation"));
        assertEquals(initiallyActive, RuleSetApiTest.active());

        // Released by override at last: the simulations that did not qualify are not what it stood on.
        activate(candidate, "{\"overrideReason\":\"INC-4712: too little traffic to simulate\"}").then().statusCode(200);
        given().get("/v1/rulesets/activations?limit=1").then().statusCode(200)
                .body("[0].revision", equalTo(candidate)).body("[0].overrideReason", equalTo("INC-4712: too little traffic to simulate"))
                .body("[0].simulationId", nullValue());
    }

    @Test
    void whereTheLogHoldsFewerDecisionsThanTheMinimumEveryDecisionSinceTheActiveRevisionTookOverIsEnough() {
        // A quiet service: a revision just took over (by override), and only three decisions since — fewer than 20.
        int quiet = SimulationApiTest.uploadArchiveCandidate();
        activate(quiet, "{\"overrideReason\":\"test: a quiet service\"}").then().statusCode(200);
        String since = given().get("/v1/rulesets/" + quiet).then().statusCode(200).extract().path("activatedAt");
        String correlation = decideArchiveOrders(3);
        int candidate = SimulationApiTest.uploadArchiveCandidate();

        // Only this test's decisions: a filtered window is not all there is.
        String filtered = simulate(candidate, correlation, null);
        assertEquals(3, awaitFinished(filtered).getInt("replayed"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("DRAFT"));
        activate(candidate, "{\"simulationId\":\"" + filtered + "\"}").then().statusCode(409)
                .body("detail", containsString("or every decision since the active revision took over"));

        // The whole log since it took over: all three, and evidence enough.
        String whole = given().contentType(io.restassured.http.ContentType.JSON).body("{\"candidateRevision\":" + candidate
                        + ",\"source\":{\"auditLog\":{\"from\":\"" + since + "\"}}}")
                .post("/v1/simulations").then().statusCode(202).extract().path("id");
        assertEquals(3, awaitFinished(whole).getInt("replayed"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("SIMULATED"));
        Tokens.approver().post("/v1/rulesets/" + candidate + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().get("/v1/rulesets/activations?limit=1").then().statusCode(200).body("[0].simulationId", equalTo(whole));
    }

    @Test
    void aWhatIfSimulationIsAQuestionNotReleaseEvidence() {
        String correlation = decideArchiveOrders(20);
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        String whatIf = given().contentType(io.restassured.http.ContentType.JSON).body("{\"candidateRevision\":" + candidate
                        + ",\"source\":{\"auditLog\":{\"correlationId\":\"" + correlation + "\"}},\"signals\":{\"payments.up\":false}}")
                .post("/v1/simulations").then().statusCode(202).extract().path("id");
        assertEquals(20, awaitFinished(whatIf).getInt("replayed"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("DRAFT"));
        activate(candidate, "{\"simulationId\":\"" + whatIf + "\"}").then().statusCode(409)
                .body("detail", containsString("replayed under assumed signals (a what-if)"));
        assertEquals(initiallyActive, RuleSetApiTest.active());
    }

    @Test
    void anOverrideIsRecordedWithWhoWhenAndWhyAndRollbackNeedsNoSimulation() {
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        activate(candidate, "{\"overrideReason\":\"INC-4711: archive desk must take traffic now\"}").then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
        given().get("/v1/rulesets/activations?limit=1").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].revision", equalTo(candidate)).body("[0].kind", equalTo("ACTIVATION"))
                .body("[0].overrideReason", equalTo("INC-4711: archive desk must take traffic now"))
                .body("[0].activatedBy", notNullValue()).body("[0].simulationId", nullValue());

        Tokens.approver().post("/v1/rulesets/" + initiallyActive + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().get("/v1/rulesets/activations").then()
                .body("[0].revision", equalTo(initiallyActive)).body("[0].kind", equalTo("ROLLBACK"))
                .body("[0].previousRevision", equalTo(candidate));
        // Re-activating the active revision changes nothing and records nothing.
        long before = given().get("/v1/rulesets/activations").then().extract().jsonPath().getList("id").size();
        Tokens.approver().post("/v1/rulesets/" + initiallyActive + "/activate").then().statusCode(200);
        assertEquals(before, given().get("/v1/rulesets/activations").then().extract().jsonPath().getList("id").size());
    }

    @Test
    void aMalformedActivationBodyIsAProblemNamingTheField() {
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        activate(candidate, "{\"simulationId\":\"nope\"}").then().statusCode(400).body("errors[0].field", equalTo("simulationId"));
        activate(candidate, "{\"override\":\"because\"}").then().statusCode(400).body("errors[0].field", equalTo("override"));
        activate(candidate, "{").then().statusCode(400).body("title", equalTo("Malformed JSON"));
        given().get("/v1/rulesets/activations?limit=abc").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }
}

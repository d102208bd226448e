package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.arbiter.api.Simulations.awaitFinished;
import static io.arbiter.api.Simulations.decideArchiveOrders;
import static io.arbiter.api.Simulations.simulate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /v1/rulesets/{revision}/release}: the gate's verdict for the caller, without acting
 * ({@code arbiter.release.min-simulated-decisions} = 20 in the test profile). Revisions are uploaded
 * by the tester; {@link Tokens#approver()} is another person.
 */
@QuarkusTest
class ReleaseCheckApiTest extends ReleaseApiTestBase {
    static String release(int revision) {
        return "/v1/rulesets/" + revision + "/release";
    }

    @Test
    void aNeverSimulatedDraftNeedsASimulationOrAnOverrideAndSaysSo() {
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        Tokens.approver().get(release(candidate)).then().statusCode(200)
                .body("revision", equalTo(candidate)).body("status", equalTo("DRAFT")).body("kind", equalTo("ACTIVATION"))
                .body("allowed", equalTo(false)).body("overridable", equalTo(true)).body("evidence", nullValue())
                .body("reasons.size()", equalTo(1)).body("reasons[0].code", equalTo("NO_SIMULATION"))
                .body("reasons[0].required", equalTo(20)).body("reasons[0].message", containsString("no completed simulation"));
        // Asking changed nothing.
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("DRAFT"));
        // The override the verdict offers does release it.
        Tokens.approver().contentType(ContentType.JSON).body("{\"overrideReason\":\"hotfix\"}")
                .post("/v1/rulesets/" + candidate + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        Tokens.approver().get(release(candidate)).then().statusCode(200)
                .body("kind", equalTo("ALREADY_ACTIVE")).body("allowed", equalTo(false)).body("overridable", equalTo(false))
                .body("reasons.code", equalTo(java.util.List.of("ALREADY_ACTIVE")));
    }

    @Test
    void aSimulationOverTooFewDecisionsGivesTheNumbers() {
        String correlation = decideArchiveOrders(3);
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        assertEquals("COMPLETED", awaitFinished(simulate(candidate, correlation, null)).getString("status"));
        Tokens.approver().get(release(candidate)).then().statusCode(200)
                .body("allowed", equalTo(false)).body("overridable", equalTo(true))
                .body("reasons[0].code", equalTo("TOO_FEW_DECISIONS"))
                .body("reasons[0].replayed", equalTo(3)).body("reasons[0].required", equalTo(20));
    }

    @Test
    void aPassingSimulationAllowsTheApproverAndIsTheEvidence() {
        String correlation = decideArchiveOrders(20);
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        String simulation = simulate(candidate, correlation, null);
        assertEquals("COMPLETED", awaitFinished(simulation).getString("status"));
        Tokens.approver().get(release(candidate)).then().statusCode(200)
                .body("status", equalTo("SIMULATED")).body("kind", equalTo("ACTIVATION"))
                .body("allowed", equalTo(true)).body("overridable", equalTo(false)).body("reasons", empty())
                .body("evidence.id", equalTo(simulation)).body("evidence.replayed", equalTo(20))
                .body("evidence.finished", notNullValue());
        // The author may not release it (four-eyes), and no override helps with that.
        given().get(release(candidate)).then().statusCode(200)
                .body("allowed", equalTo(false)).body("overridable", equalTo(false))
                .body("reasons.code", equalTo(java.util.List.of("FOUR_EYES")))
                .body("reasons[0].message", containsString("Four-eyes: tester authored revision " + candidate));
        // Activation refuses for the same first reason, whatever simulation the author names.
        given().contentType(ContentType.JSON).body("{\"simulationId\":\"" + java.util.UUID.randomUUID() + "\"}")
                .post("/v1/rulesets/" + candidate + "/activate").then().statusCode(403)
                .body("detail", containsString("Four-eyes: tester authored revision " + candidate));
    }

    @Test
    void anAnalystSeesTheVerdictButLacksTheRoleAndATenantBoundApproverMayNotRelease() {
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        Tokens.as("alice", "analyst").get(release(candidate)).then().statusCode(200)
                .body("allowed", equalTo(false)).body("overridable", equalTo(false))
                .body("reasons.code", hasItems("ROLE", "NO_SIMULATION"));
        Tokens.asTenant("acme-admin", "acme", "approver").get(release(candidate)).then().statusCode(200)
                .body("allowed", equalTo(false)).body("overridable", equalTo(false))
                .body("reasons.code", hasItems("TENANT", "NO_SIMULATION"))
                .body("reasons.find { it.code == 'TENANT' }.message", containsString("bound to tenant 'acme'"));
    }

    @Test
    void aRetiredRevisionIsARollbackTheApproverMayDoWithoutASimulation() {
        int candidate = SimulationApiTest.uploadArchiveCandidate();
        Tokens.approver().contentType(ContentType.JSON).body("{\"overrideReason\":\"to retire the previous one\"}")
                .post("/v1/rulesets/" + candidate + "/activate").then().statusCode(200);
        given().get("/v1/rulesets/" + initiallyActive).then().body("status", equalTo("RETIRED"));
        // The tester authored neither; four-eyes does not apply to a rollback anyway.
        given().get(release(initiallyActive)).then().statusCode(200)
                .body("status", equalTo("RETIRED")).body("kind", equalTo("ROLLBACK"))
                .body("allowed", equalTo(true)).body("reasons", empty()).body("evidence", nullValue());
    }

    @Test
    void unknownRevisionIs404AndCallersOutsideTheReadersAreRefused() {
        given().get(release(999_999)).then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer not.a.jwt").get(release(1)).then().statusCode(401);
        Tokens.as("gateway", "decider").get(release(1)).then().statusCode(403).contentType("application/problem+json");
        Tokens.as("carol", "auditor").get(release(1)).then().statusCode(403);
    }
}

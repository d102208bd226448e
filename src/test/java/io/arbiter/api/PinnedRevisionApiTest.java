package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code POST /v1/decide?revision=N}: a decision against a stored revision other than the active
 * one (a canary, a gateway's contract test against a known policy) — stamped, answered and audited
 * with that revision; the active revision is untouched; an unknown revision is 422, a malformed one 400.
 */
@QuarkusTest
class PinnedRevisionApiTest {
    @org.junit.jupiter.api.BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    static Response decide(String commandId, String revision) {
        return given().contentType(ContentType.JSON).queryParam("revision", revision)
                .body("{\"commandId\":\"" + commandId + "\",\"type\":\"ArchiveOrder\",\"market\":\"DE\"}").post("/v1/decide");
    }

    @Test
    void aDecisionPinnedToADraftIsDecidedStampedAndAuditedWithItWhileTheActiveRevisionDecidesTheRest() {
        int active = RuleSetApiTest.active();
        int draft = SimulationApiTest.uploadArchiveCandidate();
        String pinnedId = "pinned-" + UUID.randomUUID();
        String decisionId = decide(pinnedId, String.valueOf(draft)).then().statusCode(200)
                .body("outcome", equalTo("ROUTED")).body("owner", equalTo("archive-desk")).body("revision", equalTo(draft))
                .extract().path("decisionId");
        given().get("/v1/decisions/" + decisionId).then().statusCode(200)
                .body("revision", equalTo(draft)).body("result.owner", equalTo("archive-desk"));

        given().contentType(ContentType.JSON).body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"ArchiveOrder\",\"market\":\"DE\"}")
                .post("/v1/decide").then().statusCode(200).body("outcome", equalTo("NO_OWNER")).body("revision", equalTo(active));
        given().get("/v1/rulesets/" + draft).then().body("status", equalTo("DRAFT"));

        // A retry of the command id is answered as first decided, whichever revision it names now.
        decide(pinnedId, String.valueOf(active)).then().statusCode(200).body("decisionId", equalTo(decisionId))
                .body("revision", equalTo(draft)).body("replayed", equalTo(true));
    }

    @Test
    void aDecisionPinnedToARevisionThatDoesNotExistIsRefusedNamingIt() {
        decide("pinned-" + UUID.randomUUID(), "999999").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("revision")).body("detail", equalTo("Revision 999999 does not exist"));
    }

    @Test
    void aMalformedRevisionIsABadRequestNamingIt() {
        decide("pinned-" + UUID.randomUUID(), "latest").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("revision")).body("detail", containsString("revision"));
    }
}

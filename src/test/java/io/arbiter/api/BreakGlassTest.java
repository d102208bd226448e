package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/** With {@code arbiter.security.break-glass=true} an author may release their own revision, and it is on the record. */
@QuarkusTest
@TestProfile(BreakGlassTest.BreakGlassOn.class)
class BreakGlassTest {
    public static class BreakGlassOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.security.break-glass", "true");
        }
    }

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Test
    void anAuthorReleasesTheirOwnRevisionAndTheActivationIsMarkedBreakGlass() {
        int revision = Tokens.as("ann", "analyst", "approver").multiPart("file", "50-glass.drl.csv",
                        RuleSetApiTest.ownership("Glass", "Archive desk owns archiving", "ArchiveOrder", "archive-desk")
                                .getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).extract().path("revision");
        Tokens.as("ann", "analyst", "approver").contentType(ContentType.JSON).body("{\"overrideReason\":\"INC-1: nobody else on call\"}")
                .post("/v1/rulesets/" + revision + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        Tokens.as("ann", "approver").get("/v1/rulesets/activations?limit=1").then()
                .body("[0].revision", equalTo(revision)).body("[0].activatedBy", equalTo("ann"))
                .body("[0].breakGlass", equalTo(true)).body("[0].overrideReason", equalTo("INC-1: nobody else on call"));
    }
}

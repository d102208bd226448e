package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.nullValue;

/** In open mode {@code GET /v1/me} answers everyone, with every role and {@code openMode} true, so the UI can say so. */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class OpenModeCallerTest {
    @Test
    void everyCallerHasEveryRoleAndIsToldItIsOpenMode() {
        given().get("/v1/me").then().statusCode(200).contentType("application/json")
                .body("openMode", equalTo(true)).body("tenant", nullValue()).body("name", not(emptyOrNullString()))
                .body("roles", equalTo(List.of("decider", "analyst", "engineer", "approver", "auditor", "signal-writer")));
    }

    @Test
    void theHealthCheckSaysSecurityIsOff() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'security' }.data.mode", equalTo("OPEN: no authentication, every caller has every role"));
    }
}

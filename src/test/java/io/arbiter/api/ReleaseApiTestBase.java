package io.arbiter.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of releasing revisions, with security on: requests go as the tester (who uploads), the
 * approver is another person, and whatever a test activates, the revision active before it is
 * active again after it — so tests of the gate do not see each other's releases.
 */
abstract class ReleaseApiTestBase {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    /** The revision active when the test began. */
    int initiallyActive;

    @BeforeEach
    void rememberActive() {
        initiallyActive = RuleSetApiTest.active();
    }

    @AfterEach
    void rollBack() {
        Tokens.approver().post("/v1/rulesets/" + initiallyActive + "/activate").then().statusCode(200);
    }
}

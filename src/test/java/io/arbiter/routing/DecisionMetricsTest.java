package io.arbiter.routing;

import io.arbiter.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live view's figures come from the service's own metrics: decisions by outcome and owner, replays, decide's p99. */
@QuarkusTest
class DecisionMetricsTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    static String decide(String commandId, String type) {
        return given().contentType(ContentType.JSON).body("{\"commandId\":\"" + commandId + "\",\"type\":\"" + type
                + "\",\"market\":\"EU\",\"channel\":\"web\"}").post("/v1/decide").then().statusCode(200).extract().path("owner");
    }

    static double metric(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.Ee+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void everyDecisionCountsUnderItsOutcomeAndOwnerAndARetryCountsAsAReplay() {
        String id = "metrics-" + UUID.randomUUID();
        String owner = decide(id + "-probe", "PlaceOrder");
        String routed = "arbiter_decisions_total{outcome=\"ROUTED\",owner=\"" + owner + "\"}";
        String noOwner = "arbiter_decisions_total{outcome=\"NO_OWNER\",owner=\"\"}";
        double routedBefore = metric(routed);
        double noOwnerBefore = metric(noOwner);
        double replayedBefore = metric("arbiter_decisions_replayed_total");

        decide(id + "-1", "PlaceOrder");
        decide(id + "-2", "PlaceOrder");
        decide(id + "-3", "NobodyOwnsThis");
        decide(id + "-1", "PlaceOrder"); // a retry: the original answer, not a new decision

        assertEquals(routedBefore + 2, metric(routed), routed);
        assertEquals(noOwnerBefore + 1, metric(noOwner), noOwner);
        assertEquals(replayedBefore + 1, metric("arbiter_decisions_replayed_total"));
        assertTrue(metric("arbiter_decide_seconds{quantile=\"0.99\"}") > 0, "decide's p99 is published");
        assertTrue(metric("arbiter_decide_seconds_count") >= 4);
    }
}

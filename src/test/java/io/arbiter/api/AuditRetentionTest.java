package io.arbiter.api;

import io.arbiter.audit.AuditPartitions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention on a database of its own: it drops whole days, including the current one. */
@QuarkusTest
@TestProfile(AuditRetentionTest.FreshDatabase.class)
class AuditRetentionTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    public static class FreshDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.embedded.data-dir", "target/arbiter-retention-" + UUID.randomUUID());
        }
    }

    @Inject
    AuditPartitions partitions;

    static String decide(String commandId) {
        return given().contentType(ContentType.JSON).body("{\"commandId\":\"" + commandId + "\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200).extract().path("decisionId");
    }

    @Test
    void droppingOldDaysNeverBlocksDecideAndTheChainStillVerifiesFromItsAnchor() throws Exception {
        String old = decide("kept-until-retention");
        decide("also-old");

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newSingleThreadExecutor();
        Future<List<Integer>> statuses = load.submit(() -> {
            List<Integer> seen = new ArrayList<>();
            for (int n = 0; running.get(); n++) {
                seen.add(given().contentType(ContentType.JSON).body("{\"commandId\":\"during-" + n + "\",\"type\":\"PlaceOrder\"}")
                        .post("/v1/decide").statusCode());
            }
            return seen;
        });
        Thread.sleep(300);
        // A cutoff two days ahead makes today's (and tomorrow's) partition "old": everything goes.
        List<String> dropped = partitions.dropOlderThan(Instant.now().plus(Duration.ofDays(2)));
        Thread.sleep(300);
        running.set(false);
        List<Integer> seen = statuses.get();
        load.shutdown();
        assertFalse(dropped.isEmpty());
        assertTrue(seen.size() > 5, "the load did not run");
        assertEquals(List.of(200), seen.stream().distinct().toList(), "decide failed while partitions were dropped");

        given().get("/v1/decisions/" + old).then().statusCode(404);
        decide("after-retention");
        given().get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true)).body("firstBreak", nullValue());
        // Idempotency only reaches back as far as retention: the dropped command is decided anew.
        String again = decide("kept-until-retention");
        assertTrue(!again.equals(old));
    }
}

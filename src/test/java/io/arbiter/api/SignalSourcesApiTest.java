package io.arbiter.api;

import io.arbiter.signals.TestHealthServer;
import io.arbiter.signals.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Polled signals in the running service: a real KRaft broker and a real HTTP server are started
 * before Quarkus, and the service is configured to poll them every 200 ms. {@code planner.lag} is
 * the lag of group {@code planner} on {@code orders} (10 records), {@code nobody.lag} that of a
 * group that never committed, {@code planner.behind} a latch of {@code planner.lag} (true above 5,
 * false below 1, dwell 1s), {@code payments.health} the health URL. The bundled
 * {@code fulfillment-planner.lag} is polled here too — group {@code fulfillment-planner} on
 * {@code fulfillment} (100 records) — and its bundled latch {@code fulfillment-planner.backlogged}
 * turns on above 50 and off below 10, dwell 2s (both stale after 3s), so the bundled adaptive
 * policy can be driven by a real consumer group. The last test stops the broker.
 */
@QuarkusTest
@TestProfile(SignalSourcesApiTest.PolledSources.class)
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalSourcesApiTest {
    static final Duration WITHIN = Duration.ofSeconds(5);

    public static class PolledSources implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SourcesResource.class));
        }
    }

    /** Starts the broker and the health server before the service, and names them in its configuration. */
    public static class SourcesResource implements QuarkusTestResourceLifecycleManager {
        private TestKafka kafka;
        private TestHealthServer health;

        @Override
        public Map<String, String> start() {
            try {
                kafka = TestKafka.start();
                kafka.createTopic("orders", 1);
                kafka.produce("orders", 1, 10);
                kafka.createTopic("fulfillment", 1);
                kafka.produce("fulfillment", 1, 100);
                kafka.commit("fulfillment-planner", "fulfillment", 0, 100);
                health = new TestHealthServer();
                health.onRequest("/kafka/stop", () -> {
                    kafka.stop();
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Map<String, String> config = new HashMap<>();
            String lag = "arbiter.signals.declared.\"planner.lag\".";
            config.put(lag + "type", "NUMBER");
            config.put(lag + "max-age", "3s");
            config.put(lag + "kafka.bootstrap-servers", kafka.bootstrapServers());
            config.put(lag + "kafka.group", "planner");
            config.put(lag + "kafka.topics", "orders");
            config.put(lag + "kafka.interval", "200ms");
            config.put(lag + "kafka.timeout", "1s");
            config.put(lag + "kafka.properties.\"client.dns.lookup\"", "use_all_dns_ips");
            String behind = "arbiter.signals.declared.\"planner.behind\".";
            config.put(behind + "type", "BOOLEAN");
            config.put(behind + "max-age", "3s");
            config.put(behind + "hysteresis.of", "planner.lag");
            config.put(behind + "hysteresis.on-above", "5");
            config.put(behind + "hysteresis.off-below", "1");
            config.put(behind + "hysteresis.dwell", "1s");
            String planner = "arbiter.signals.declared.\"fulfillment-planner.lag\".";
            config.put(planner + "kafka.bootstrap-servers", kafka.bootstrapServers());
            config.put(planner + "kafka.group", "fulfillment-planner");
            config.put(planner + "kafka.topics", "fulfillment");
            config.put(planner + "kafka.interval", "200ms");
            config.put(planner + "kafka.timeout", "1s");
            config.put(planner + "max-age", "3s");
            String backlogged = "arbiter.signals.declared.\"fulfillment-planner.backlogged\".";
            config.put(backlogged + "hysteresis.on-above", "50");
            config.put(backlogged + "hysteresis.off-below", "10");
            config.put(backlogged + "hysteresis.dwell", "2s");
            config.put(backlogged + "max-age", "3s");
            String nobody = "arbiter.signals.declared.\"nobody.lag\".";
            config.put(nobody + "type", "NUMBER");
            config.put(nobody + "max-age", "1m");
            config.put(nobody + "kafka.bootstrap-servers", kafka.bootstrapServers());
            config.put(nobody + "kafka.group", "nobody");
            config.put(nobody + "kafka.topics", "orders");
            config.put(nobody + "kafka.interval", "200ms");
            String up = "arbiter.signals.declared.\"payments.health\".";
            config.put(up + "type", "BOOLEAN");
            config.put(up + "max-age", "30s");
            config.put(up + "http.url", health.url());
            config.put(up + "http.interval", "200ms");
            config.put(up + "http.timeout", "500ms");
            return config;
        }

        @Override
        public void stop() {
            if (health != null) {
                health.close();
            }
            try {
                if (kafka != null) {
                    kafka.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    static void commit(long offset) throws Exception {
        commit("planner", "orders", offset);
    }

    /** The group commits {@code offset} on the topic's partition 0, as its consumer would. */
    static void commit(String group, String topic, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config("arbiter.signals.declared.\"planner.lag\".kafka.bootstrap-servers")))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset))).all().get();
        }
    }

    /** Tells the health server (by its URL, as it lives in the test resource) what to answer, or to stop the broker. */
    static void tell(String path) throws Exception {
        URI health = URI.create(config("arbiter.signals.declared.\"payments.health\".http.url"));
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(health.resolve(path)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertTrue(r.statusCode() == 204, path + " answered " + r.statusCode());
    }

    static Map<String, Object> signal(String name) {
        return Tokens.as("ann", "analyst").get("/v1/signals/" + name).then().statusCode(200).extract().jsonPath().getMap("");
    }

    /** Waits (at most {@link #WITHIN}) until the signal as GET shows it passes {@code test}; the last look. */
    static Map<String, Object> await(String name, String what, Predicate<Map<String, Object>> test) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        Map<String, Object> s = signal(name);
        while (!test.test(s)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(name + " did not become " + what + " within " + WITHIN + "; it reads " + s);
            }
            Thread.sleep(50);
            s = signal(name);
        }
        return s;
    }

    static Predicate<Map<String, Object>> value(Object v) {
        return s -> Objects.equals(s.get("value"), v);
    }

    @Test
    @Order(1)
    void theLagOfAConsumerGroupIsPolledIntoItsSignalAndFollowsTheGroupsCommits() throws Exception {
        commit(4);
        Map<String, Object> behind = await("planner.lag", "6", value(6));
        assertTrue("kafka".equals(behind.get("source")) && Boolean.FALSE.equals(behind.get("stale")), behind.toString());
        commit(10);
        await("planner.lag", "0 (caught up)", value(0));
        // A group that never committed is behind by every record still kept.
        await("nobody.lag", "10", value(10));
        Tokens.as("ann", "analyst").get("/v1/signals").then().statusCode(200)
                .body("find { it.name == 'planner.lag' }.source", equalTo("kafka"));
    }

    static double switches(String latch) {
        return SignalApiTest.switches(latch);
    }

    @Test
    @Order(2)
    void theLatchOfAPolledLagTurnsOnWhenTheGroupFallsBehindAndOffWhenItCatchesUpHoldingEachStateForTheDwell() throws Exception {
        // planner.behind: true above 5, false below 1, dwell 1s. The group caught up in the test before.
        await("planner.lag", "0 (caught up)", value(0));
        Map<String, Object> caughtUp = await("planner.behind", "false", value(false));
        assertTrue("hysteresis of planner.lag".equals(caughtUp.get("source")) && Boolean.FALSE.equals(caughtUp.get("stale")), caughtUp.toString());
        double before = switches("planner.behind");

        commit(3); // 7 behind
        Map<String, Object> on = await("planner.behind", "true (7 behind)", value(true));
        commit(10);
        Map<String, Object> off = await("planner.behind", "false again (caught up)", value(false));
        Duration held = Duration.between(Instant.parse((String) on.get("changedAt")), Instant.parse((String) off.get("changedAt")));
        assertTrue(held.compareTo(Duration.ofSeconds(1)) >= 0, "on for " + held + ", less than the dwell");
        assertEquals(before + 2, switches("planner.behind"), "one switch each way");
    }

    /** An EU web order in the 20 % rollout (bucket 8): the one the adaptive policy lets through or holds back. */
    static io.restassured.response.Response decideEuWebOrder() {
        return Tokens.as("gateway", "decider").contentType(ContentType.JSON).body("{\"commandId\":\"adaptive-" + java.util.UUID.randomUUID()
                + "\",\"type\":\"PlaceOrder\",\"businessKey\":\"order-1007\",\"market\":\"EU\",\"channel\":\"web\"}").post("/v1/decide");
    }

    static final String BACKLOGGED_ROW = "EU direct-to-consumer orders stay on legacy while the fulfillment planner is backlogged";

    @Test
    @Order(3)
    void aConsumerGroupFallingBehindMovesEuOrdersToLegacyWithTheReasonAndCatchingUpMovesThemBackAfterTheDwell() throws Exception {
        PushedSignals.push("inventory-confidence.EU", "\"HIGH\"");
        Map<String, Object> caughtUp = await("fulfillment-planner.backlogged", "false (the group is caught up)",
                s -> Boolean.FALSE.equals(s.get("value")) && Boolean.FALSE.equals(s.get("stale")));
        double before = switches("fulfillment-planner.backlogged");
        decideEuWebOrder().then().statusCode(200).body("implementation", equalTo("new"))
                .body("reasons", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("SIGNAL: fulfillment-planner.backlogged = false")));

        commit("fulfillment-planner", "fulfillment", 20); // 80 behind: above 50
        Map<String, Object> on = await("fulfillment-planner.backlogged", "true (80 behind)", value(true));
        String held = decideEuWebOrder().then().statusCode(200).body("implementation", equalTo("legacy"))
                .body("matchedRules", org.hamcrest.Matchers.hasItem(BACKLOGGED_ROW))
                .body("reasons", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("SIGNAL: fulfillment-planner.backlogged = true")))
                .extract().path("decisionId");
        // The record holds what the decision read: replay will see the backlog, whatever the group does later.
        Tokens.as("audrey", "auditor").get("/v1/decisions/" + held).then().statusCode(200)
                .body("signals.'fulfillment-planner.backlogged'.value", equalTo(true))
                .body("signals.'fulfillment-planner.backlogged'.stale", equalTo(false))
                .body("signals.'inventory-confidence.EU'.value", equalTo("HIGH"));

        commit("fulfillment-planner", "fulfillment", 95); // 5 behind: below 10, but only after the dwell
        Map<String, Object> off = await("fulfillment-planner.backlogged", "false again (caught up)", value(false));
        Duration heldFor = Duration.between(Instant.parse((String) on.get("changedAt")), Instant.parse((String) off.get("changedAt")));
        assertTrue(heldFor.compareTo(Duration.ofSeconds(2)) >= 0, "backlogged for " + heldFor + ", less than the dwell");
        decideEuWebOrder().then().statusCode(200).body("implementation", equalTo("new"));
        assertEquals(before + 2, switches("fulfillment-planner.backlogged"), "one switch each way");
        assertTrue(!Instant.parse((String) caughtUp.get("changedAt")).isAfter(Instant.parse((String) on.get("changedAt"))));
    }

    @Test
    @Order(4)
    void aPushToAPolledSignalIsRefusedNamingItsSource() {
        Tokens.as("monitoring-job", "signal-writer").contentType(ContentType.JSON)
                .body("{\"value\":1,\"observedAt\":\"" + Instant.now().minusSeconds(1) + "\"}").put("/v1/signals/planner.lag")
                .then().statusCode(409).contentType("application/problem+json").body("title", equalTo("Polled signal"))
                .body("errors[0].field", equalTo("name")).body("detail", containsString("polled from kafka"))
                .body("detail", containsString("consumer group 'planner' on orders"));
        Tokens.as("monitoring-job", "signal-writer").contentType(ContentType.JSON)
                .body("{\"value\":true,\"observedAt\":\"" + Instant.now().minusSeconds(1) + "\"}").put("/v1/signals/payments.health")
                .then().statusCode(409).body("detail", containsString("polled from http"));
    }

    @Test
    @Order(5)
    void theHealthSignalFollowsTheUrlAndAHangingUrlNeitherSlowsReadsNorKeepsTheSignalUp() throws Exception {
        await("payments.health", "UP", value(true));
        tell("/answer/503");
        Map<String, Object> down = await("payments.health", "DOWN", value(false));
        assertTrue("http".equals(down.get("source")), down.toString());
        tell("/answer/200");
        await("payments.health", "UP again", value(true));

        tell("/answer/hang");
        long slowest = 0;
        Instant until = Instant.now().plusMillis(1500); // three timeouts of 500 ms
        List<Long> decides = new java.util.ArrayList<>();
        while (Instant.now().isBefore(until)) {
            long started = System.nanoTime();
            Tokens.as("ann", "analyst").get("/v1/signals").then().statusCode(200);
            slowest = Math.max(slowest, System.nanoTime() - started);
            started = System.nanoTime();
            decideEuWebOrder().then().statusCode(200);
            decides.add(System.nanoTime() - started);
        }
        assertTrue(Duration.ofNanos(slowest).compareTo(Duration.ofMillis(250)) < 0, "the slowest GET took " + Duration.ofNanos(slowest));
        // Decide reads the snapshot the pollers replace: a health URL that hangs (each check waits its 500 ms timeout)
        // holds no decision up. The median, as one slow decision on a busy machine says nothing about the pollers.
        decides.sort(null);
        Duration median = Duration.ofNanos(decides.get(decides.size() / 2));
        assertTrue(median.compareTo(Duration.ofMillis(100)) < 0, "the median decide took " + median + " of " + decides.size());
        await("payments.health", "DOWN (no answer within 500 ms)", value(false));
        tell("/answer/200");
        await("payments.health", "UP after the hang", value(true));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("arbiter_signal_polls_total{result=\"failed\",signal=\"payments.health\"}"), "failed polls counted");
        assertTrue(metrics.contains("arbiter_signal_polls_total{result=\"ok\",signal=\"planner.lag\"}"), "polls counted");
    }

    @Test
    @Order(6)
    void whenTheBrokerStopsTheLagGoesStaleByItsContractAndReadsStayFast() throws Exception {
        await("planner.lag", "fresh", s -> Boolean.FALSE.equals(s.get("stale")));
        tell("/kafka/stop"); // answered once the broker is down
        Instant down = Instant.now();
        Map<String, Object> stale = await("planner.lag", "stale (max-age 3s)", s -> Boolean.TRUE.equals(s.get("stale")));
        assertTrue(!Instant.parse((String) stale.get("observedAt")).isAfter(down), "nothing observed since the broker stopped: " + stale);
        assertTrue(Integer.valueOf(0).equals(stale.get("value")) && "kafka".equals(stale.get("source")), "the last value is kept: " + stale);
        Map<String, Object> latch = signal("planner.behind");
        assertTrue(Boolean.TRUE.equals(latch.get("stale")) && stale.get("observedAt").equals(latch.get("observedAt")),
                "the latch is as old as its source: " + latch);
        long t = System.nanoTime();
        Tokens.as("ann", "analyst").get("/v1/signals").then().statusCode(200);
        assertTrue(Duration.ofNanos(System.nanoTime() - t).compareTo(Duration.ofMillis(250)) < 0, "reads do not wait on the broker");

        // The bundled policy's safe default: the planner's backlog cannot be trusted, so EU web orders stay on legacy, saying why.
        await("fulfillment-planner.backlogged", "stale (its lag is)", s -> Boolean.TRUE.equals(s.get("stale")));
        String id = decideEuWebOrder().then().statusCode(200).body("implementation", equalTo("legacy"))
                .body("matchedRules", org.hamcrest.Matchers.hasItem("EU direct-to-consumer orders stay on legacy while their signals are stale"))
                .body("reasons", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("STALE_SIGNAL: fulfillment-planner.backlogged, age ")))
                .extract().path("decisionId");
        Tokens.as("audrey", "auditor").get("/v1/decisions/" + id).then().statusCode(200)
                .body("signals.'fulfillment-planner.backlogged'.stale", equalTo(true))
                .body("signals.'fulfillment-planner.backlogged'.value", equalTo(false));
    }
}

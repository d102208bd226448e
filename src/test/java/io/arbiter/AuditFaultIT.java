package io.arbiter;

import io.arbiter.database.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.arbiter.PackagedServiceIT.api;
import static io.arbiter.PackagedServiceIT.freePort;
import static io.arbiter.PackagedServiceIT.start;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit promise under faults, against the packaged service: a decision answered 200 is in the
 * audit log, once, whatever happens to PostgreSQL or to the service process.
 */
class AuditFaultIT {
    static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([0-9a-f-]{36})\"");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Path dbDir;
    Path serviceDir;
    int pgPort;
    int port;
    EmbeddedPostgres db;
    Process service;

    @BeforeEach
    void startDatabaseAndService() throws Exception {
        dbDir = Files.createTempDirectory(Path.of("target"), "it-fault-db-");
        serviceDir = Files.createTempDirectory(Path.of("target"), "it-fault-service-");
        pgPort = freePort();
        port = freePort();
        db = EmbeddedPostgres.start(dbDir, pgPort);
        service = startService();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor();
        }
        if (db != null) {
            db.close();
        }
    }

    Process startService() throws Exception {
        return start(serviceDir, port, "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "-Dquarkus.datasource.username=postgres", "-Darbiter.audit.reconnect-interval=500ms");
    }

    @Test
    void decideKeepsAnsweringThroughADatabaseOutageAndEveryAnswerReachesTheLog() throws Exception {
        try (Load load = new Load("outage")) {
            Thread.sleep(3_000);
            db.close();
            Thread.sleep(5_000);
            api(port).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'audit log' }.data.mode", equalTo("journal"));
            Thread.sleep(15_000);
            db = EmbeddedPostgres.start(dbDir, pgPort);
            Thread.sleep(3_000);
            load.stop();
            assertEquals(Map.of(), load.failures, "decide must not fail while the journal is writable");
            assertTrue(load.answered.size() > 100, "load too small to mean anything: " + load.answered.size());
            awaitDrained();
            assertEveryAnswerStoredOnce(load.answered.keySet());
        }
        api(port).get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aKillDashNineWhileJournalingLosesNothingAndRetriesStillReplay() throws Exception {
        String retried = api(port).contentType("application/json").body("{\"commandId\":\"retry-me\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200).extract().path("decisionId");
        Load load = new Load("kill");
        Thread.sleep(2_000);
        db.close();
        Thread.sleep(4_000);
        service.destroyForcibly().waitFor(); // SIGKILL while decisions sit in the journal
        load.stop();
        load.close();
        db = EmbeddedPostgres.start(dbDir, pgPort);
        service = startService(); // drains the journal before it is ready
        assertEveryAnswerStoredOnce(load.answered.keySet());
        api(port).contentType("application/json").body("{\"commandId\":\"retry-me\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200).body("decisionId", equalTo(retried)).body("replayed", equalTo(true));
        api(port).get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void whenNeitherDatabaseNorJournalCanBeWrittenDecideFailsClosedAndRecovers() throws Exception {
        // As root, permissions cannot stop us: a directory where the next journal segment goes can.
        Path blocker = serviceDir.resolve("journal/segment-1.jnl");
        Files.createDirectories(blocker);
        db.close();
        String body = "{\"commandId\":\"closed-%d\",\"type\":\"PlaceOrder\"}";
        api(port).contentType("application/json").body(body.formatted(1)).post("/v1/decide").then().statusCode(503)
                .contentType("application/problem+json").body("title", equalTo("Audit log unavailable"));
        api(port).get("/q/health/ready").then().statusCode(503);

        Files.delete(blocker);
        String answered = api(port).contentType("application/json").body(body.formatted(2)).post("/v1/decide")
                .then().statusCode(200).extract().path("decisionId");
        db = EmbeddedPostgres.start(dbDir, pgPort);
        awaitDrained();
        assertEveryAnswerStoredOnce(Set.of(answered));
        api(port).get("/v1/decisions?commandId=closed-1").then().statusCode(200).body("items.size()", equalTo(0));
    }

    void awaitDrained() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            var ready = api(port).get("/q/health/ready");
            if (ready.statusCode() == 200 && "database".equals(ready.path("checks.find { it.name == 'audit log' }.data.mode"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the journal was not drained within 60 s");
    }

    void assertEveryAnswerStoredOnce(Set<String> answered) throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT decision_id::text, count(*) FROM decision_log GROUP BY 1")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getInt(2));
            }
        }
        List<String> missing = answered.stream().filter(id -> !stored.containsKey(id)).toList();
        assertEquals(List.of(), missing, missing.size() + " of " + answered.size() + " answered decisions are not in the audit log");
        List<String> twice = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), twice, "stored more than once");
    }

    /** Four threads deciding unique commands until stopped; records every 200's decision id and every other status. */
    final class Load implements AutoCloseable {
        final Map<String, Boolean> answered = new ConcurrentHashMap<>();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService threads = Executors.newFixedThreadPool(4);

        Load(String name) {
            for (int t = 0; t < 4; t++) {
                String prefix = name + "-" + t + "-";
                threads.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decide"))
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"commandId\":\"" + prefix + n
                                        + "\",\"type\":\"PlaceOrder\",\"businessKey\":\"order-" + n + "\",\"market\":\"EU\"}")).build();
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                Matcher m = DECISION_ID.matcher(r.body());
                                if (m.find()) {
                                    answered.put(m.group(1), true);
                                }
                            } else {
                                failures.merge("HTTP " + r.statusCode(), 1, Integer::sum);
                            }
                        } catch (Exception e) {
                            if (running.get() && service.isAlive()) {
                                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                            }
                        }
                    }
                    return null;
                });
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}

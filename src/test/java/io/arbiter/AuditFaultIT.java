package io.arbiter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arbiter.database.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import static io.arbiter.PackagedServiceIT.api;
import static io.arbiter.PackagedServiceIT.freePort;
import static io.arbiter.PackagedServiceIT.start;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit promise under faults, against the packaged service: a decision answered 200 is in the
 * audit log, once, whatever happens to PostgreSQL or to the service process.
 */
class AuditFaultIT {
    static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([0-9a-f-]{36})\"");
    static final String DEGRADED_AFTER = "3s";
    /**
     * The outages are awaited by what they must have done, not slept through (before: 3 s, 5 s and
     * 15 s asleep): decisions committed to PostgreSQL under load before and after, degraded-after
     * passed, and at least this many answered from the journal — on two cores ~340 a second are,
     * so the outage lasts degraded-after and its reconnects (every 500 ms), longer on a slower machine.
     */
    static final int ON_POSTGRESQL = 100;
    static final int OUTAGE_JOURNALED = 500;
    /** The kill comes with decisions in the journal — awaited, not assumed after 4 s asleep. */
    static final int KILLED_WITH_JOURNALED = 100;
    static final ObjectMapper JSON = new ObjectMapper();
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
                "-Dquarkus.datasource.username=postgres", "-Darbiter.audit.reconnect-interval=500ms",
                "-Darbiter.audit.degraded-after=" + DEGRADED_AFTER);
    }

    @Test
    void decideKeepsAnsweringThroughADatabaseOutageAndEveryAnswerReachesTheLog() throws Exception {
        try (Load load = new Load("outage")) {
            load.awaitAnswered(ON_POSTGRESQL, "before the outage");
            db.close();
            awaitAuditLog(audit -> Boolean.TRUE.equals(audit.get("degraded")), "degraded after " + DEGRADED_AFTER + " of journaling");
            api(port).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'audit log' }.data.mode", equalTo("journal"))
                    .body("checks.find { it.name == 'audit log' }.data.degraded", equalTo(true))
                    .body("checks.find { it.name == 'audit log' }.data.degradedReason", startsWith("journaling"));
            assertTrue(api(port).get("/q/metrics").asString().contains("\narbiter_audit_degraded 1.0"), "the metric says degraded");
            awaitAuditLog(audit -> ((Number) audit.get("journalBacklog")).longValue() >= OUTAGE_JOURNALED,
                    OUTAGE_JOURNALED + " answers journaled during the outage");
            db = EmbeddedPostgres.start(dbDir, pgPort);
            awaitDrained(); // while the load goes on
            load.awaitAnswered(load.answered.size() + ON_POSTGRESQL, "after the drain, on PostgreSQL again");
            load.stop();
            assertEquals(Map.of(), load.failures, "decide must not fail while the journal is writable");
            assertTrue(load.answered.size() > 100, "load too small to mean anything: " + load.answered.size());
            awaitDrained();
            assertEveryAnswerStoredOnce(load.answered.keySet());
        }
        api(port).get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true));
        api(port).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit log' }.data.degraded", equalTo(false));
    }

    /**
     * The failure: a record PostgreSQL refuses, in the journal (decide's boundary stops such
     * requests now, so it is put there as a crash would leave it). Before, every drain was refused
     * and the service journaled for good, across restarts. Now the restart drains the journal, the
     * poison record is quarantined, and the service writes to PostgreSQL again.
     */
    @Test
    void aPoisonRecordInTheJournalIsQuarantinedOnRestartAndTheWriterIsBackOnPostgreSQL() throws Exception {
        String before = api(port).contentType("application/json").body("{\"commandId\":\"before-poison\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200).extract().path("decisionId");
        service.destroy();
        service.waitFor();
        List<Map<String, Object>> left = List.of(journaled("journal-good-1"), journaled("c\u0000x"), journaled("journal-good-2"));
        writeSegment(serviceDir.resolve("journal/segment-1.jnl"), left);

        service = startService(); // drains the journal before it is ready
        api(port).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit log' }.data.mode", equalTo("database"))
                .body("checks.find { it.name == 'audit log' }.data.journalBacklog", equalTo(0));
        try (var segments = Files.list(serviceDir.resolve("journal"))) {
            assertEquals(List.of(), segments.toList(), "the journal is drained");
        }
        for (Map<String, Object> good : List.of(left.get(0), left.get(2))) {
            api(port).get("/v1/decisions/" + good.get("decisionId")).then().statusCode(200).body("hash", notNullValue());
        }
        api(port).get("/v1/decisions/" + left.get(1).get("decisionId")).then().statusCode(200)
                .body("quarantined", equalTo(true)).body("quarantine.commandId", equalTo("c\u0000x"))
                .body("quarantine.sqlState", equalTo("22021"));
        String after = api(port).contentType("application/json").body("{\"commandId\":\"after-poison\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200).extract().path("decisionId");
        api(port).get("/v1/decisions/" + after).then().statusCode(200).body("hash", notNullValue());
        assertEveryAnswerStoredOnce(Set.of(before, after, (String) left.get(0).get("decisionId"), (String) left.get(2).get("decisionId")));
        api(port).get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true))
                .body("checked", equalTo(4)).body("quarantine.records", equalTo(1)).body("quarantine.intact", equalTo(true));
        String metrics = api(port).get("/q/metrics").asString();
        assertTrue(metrics.contains("\narbiter_audit_records_quarantined_total 1.0"), "the quarantine is counted");
    }

    /** A journal entry as the writer journals it, its columns agreeing with its record (verify checks that). */
    static Map<String, Object> journaled(String commandId) throws Exception {
        String id = UUID.randomUUID().toString();
        String at = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("decision_id", id);
        record.put("timestamp", at);
        record.put("path", "v1/decide");
        record.put("revision", 1);
        record.put("input", Map.of("commandId", commandId, "type", "PlaceOrder"));
        record.put("result", Map.of("owner", "order-management", "outcome", "ROUTED"));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("decisionId", id);
        entry.put("decidedAt", at);
        entry.put("commandId", commandId);
        entry.put("commandType", "PlaceOrder");
        entry.put("owner", "order-management");
        entry.put("outcome", "ROUTED");
        entry.put("revision", 1);
        entry.put("record", JSON.writeValueAsString(record));
        return entry;
    }

    /** A journal segment: frames of [length][crc32][json]. */
    static void writeSegment(Path segment, List<Map<String, Object>> entries) throws Exception {
        try (var out = new DataOutputStream(Files.newOutputStream(segment))) {
            for (Map<String, Object> e : entries) {
                byte[] body = JSON.writeValueAsBytes(e);
                CRC32 crc = new CRC32();
                crc.update(body);
                out.writeInt(body.length);
                out.writeInt((int) crc.getValue());
                out.write(body);
            }
        }
    }

    @Test
    void aKillDashNineWhileJournalingLosesNothingAndRetriesStillReplay() throws Exception {
        String retried = api(port).contentType("application/json").body("{\"commandId\":\"retry-me\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200).extract().path("decisionId");
        Load load = new Load("kill");
        load.awaitAnswered(ON_POSTGRESQL, "before the outage");
        db.close();
        awaitAuditLog(audit -> ((Number) audit.get("journalBacklog")).longValue() >= KILLED_WITH_JOURNALED,
                KILLED_WITH_JOURNALED + " answers journaled before the kill");
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

    @Test
    void anAuthZenEvaluationFailsClosedLikeDecideAndABatchAnswersTheFailureInItsPlace() throws Exception {
        Path blocker = serviceDir.resolve("journal/segment-1.jnl");
        Files.createDirectories(blocker);
        db.close();
        String evaluation = """
                {"subject":{"type":"bounded_context","id":"order-management"},"action":{"name":"handle"},
                 "resource":{"type":"command","id":"authzen-closed-%d","properties":{"type":"PlaceOrder"}}}""";
        api(port).contentType("application/json").header("X-Request-ID", "fault-1").body(evaluation.formatted(1))
                .post("/access/v1/evaluation").then().statusCode(503).contentType("application/problem+json")
                .header("X-Request-ID", "fault-1").body("title", equalTo("Audit log unavailable"));
        api(port).contentType("application/json").body("{\"evaluations\":[" + evaluation.formatted(2) + ","
                        + "{\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{\"name\":\"read\"},"
                        + "\"resource\":{\"type\":\"command\",\"id\":\"authzen-closed-3\"}}]}")
                .post("/access/v1/evaluations").then().statusCode(200)
                .body("evaluations[0].decision", equalTo(false))
                .body("evaluations[0].context.error.status", equalTo(503))
                .body("evaluations[1].decision", equalTo(false))
                .body("evaluations[1].context.reasons[0]", startsWith("Arbiter decides only the action 'handle'"));

        Files.delete(blocker);
        String answered = api(port).contentType("application/json").body(evaluation.formatted(4))
                .post("/access/v1/evaluation").then().statusCode(200).body("decision", equalTo(true))
                .extract().path("context.decisionId");
        db = EmbeddedPostgres.start(dbDir, pgPort);
        awaitDrained();
        assertEveryAnswerStoredOnce(Set.of(answered));
        api(port).get("/v1/decisions?commandId=authzen-closed-1").then().statusCode(200).body("items.size()", equalTo(0));
        api(port).get("/v1/decisions?commandId=authzen-closed-2").then().statusCode(200).body("items.size()", equalTo(0));
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

    /** Polls readiness until the audit log's check data satisfies {@code condition}, for up to 60 s. */
    void awaitAuditLog(java.util.function.Predicate<Map<String, Object>> condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        Map<String, Object> audit = Map.of();
        while (Instant.now().isBefore(deadline)) {
            audit = api(port).get("/q/health/ready").path("checks.find { it.name == 'audit log' }.data");
            if (audit != null && condition.test(audit)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within 60 s: " + what + "; the audit log's readiness: " + audit);
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

        /** Waits until {@code count} decisions have been answered 200, for up to 60 s. */
        void awaitAnswered(int count, String what) throws InterruptedException {
            Instant deadline = Instant.now().plusSeconds(60);
            while (answered.size() < count) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("not " + count + " answers within 60 s (" + what + "): " + answered.size()
                            + ", failures " + failures);
                }
                Thread.sleep(50);
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

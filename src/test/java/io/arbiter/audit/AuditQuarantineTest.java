package io.arbiter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.arbiter.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records PostgreSQL refuses — defence in depth behind decide's boundary, so they are submitted to
 * the writer directly. A database of its own, a journal left by "an earlier run" with a poison
 * record in it, batches grown by {@code max-wait} so one holds good and poison records together,
 * and a short {@code degraded-after}.
 */
@QuarkusTest
@TestProfile(AuditQuarantineTest.Profile.class)
class AuditQuarantineTest {
    static final String TENANT = "acme";

    /** Written to the journal before the service starts: good, poison, good. */
    static final List<String> LEFT_IN_JOURNAL = List.of("journal-good-1", "journal-\u0000-poison", "journal-good-2");

    public static class Profile implements QuarkusTestProfile {
        static final Path DATA_DIR = Path.of("target/arbiter-quarantine-" + UUID.randomUUID());

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (!Files.exists(DATA_DIR.resolve("journal"))) {
                    ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
                    new Journal(DATA_DIR.resolve("journal"), mapper).append(LEFT_IN_JOURNAL.stream().map(id -> entry(id, TENANT)).toList());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("arbiter.embedded.data-dir", DATA_DIR.toString(), "arbiter.audit.max-wait", "200ms",
                    "arbiter.audit.degraded-after", "2s", "arbiter.audit.reconnect-interval", "200ms");
        }
    }

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Inject
    AuditWriter writer;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "arbiter.embedded.data-dir")
    String dataDir;

    static final ObjectMapper JSON = new ObjectMapper();

    static AuditEntry entry(String commandId, String tenant) {
        return AuditEntries.verifiable(commandId, tenant, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void aPoisonRecordAmongGoodOnesIsQuarantinedAndEveryGoodOneIsCommittedInOrder() throws Exception {
        List<AuditEntry> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(entry(unique("good-" + i), TENANT));
        }
        AuditEntry poison = entry("c\u0000x-" + UUID.randomUUID(), TENANT); // the command id
        batch.add(3, poison);
        assertAllStored(submitTogether(batch));
        assertTrue(metricValue("arbiter_audit_batch_size_max") >= batch.size(), "the eight went to PostgreSQL as one batch");

        List<UUID> good = batch.stream().filter(e -> e != poison).map(AuditEntry::decisionId).toList();
        assertEquals(good, chainOrder(good), "every good record committed, in the order submitted");
        assertEquals("22021", quarantineColumn(poison.decisionId(), "sql_state"));
        assertFalse(writer.journaling(), "the writer went on with PostgreSQL");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit log' }.data.mode", equalTo("database"));

        for (UUID id : good) {
            given().get("/v1/decisions/" + id).then().statusCode(200).body("hash", not(nullValue()));
        }
        String later = given().contentType(ContentType.JSON).body("{\"commandId\":\"" + unique("later") + "\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200).extract().path("decisionId");
        given().get("/v1/decisions/" + later).then().statusCode(200).body("decision_id", equalTo(later));

        given().get("/v1/decisions/" + poison.decisionId()).then().statusCode(200).contentType(ContentType.JSON)
                .body("quarantined", equalTo(true))
                .body("quarantine.sqlState", equalTo("22021"))
                .body("quarantine.commandId", equalTo(poison.commandId()))
                .body("quarantine.tenant", equalTo(TENANT))
                .body("decision_id", equalTo(poison.decisionId().toString()))
                .body("input.commandId", equalTo(poison.commandId()))
                .body("result.owner", equalTo("order-management"))
                .body("seq", nullValue());
        given().get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true))
                .body("firstBreak", nullValue())
                .body("quarantine.records", equalTo((int) quarantineSize()))
                .body("quarantine.intact", equalTo(true));
    }

    @Test
    void aCommandIdLargerThanAnIndexRowIsIsolatedTheSameWay() throws Exception {
        SecureRandom random = new SecureRandom();
        StringBuilder huge = new StringBuilder("huge-");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        while (huge.length() < 6000) { // random, so compression cannot bring it under btree's 2704 bytes
            huge.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        AuditEntry before = entry(unique("before-huge"), null);
        AuditEntry poison = entry(huge.toString(), null);
        AuditEntry after = entry(unique("after-huge"), null);
        assertAllStored(submitTogether(List.of(before, poison, after)));

        assertEquals(List.of(before.decisionId(), after.decisionId()), chainOrder(List.of(before.decisionId(), after.decisionId())));
        assertEquals("54000", quarantineColumn(poison.decisionId(), "sql_state"));
        given().get("/v1/decisions/" + poison.decisionId()).then().statusCode(200)
                .body("quarantined", equalTo(true)).body("input.commandId", equalTo(huge.toString()));
        assertFalse(writer.journaling());
    }

    @Test
    void aRecordWithANulAndALoneSurrogateComesBackExactlyAsItWas() throws Exception {
        AuditEntry e = entry(unique("raw"), TENANT);
        String record = e.record().replace("\"path\":\"v1/decide\"", "\"path\":\"v1/\u0000de\ud800cide\"");
        AuditEntry poison = AuditEntries.withRecord(e, record);
        assertAllStored(List.of(writer.submit(poison)));

        Response found = given().get("/v1/decisions/" + poison.decisionId());
        found.then().statusCode(200).body("quarantined", equalTo(true)).body("quarantine.sqlState", equalTo("22021"));
        byte[] stored = Base64.getDecoder().decode(found.<String>path("quarantine.recordBase64"));
        assertEquals(record, LosslessUtf8.decode(stored), "the exact UTF-16 string, lone surrogate included");
        assertEquals(AuditQuarantine.sha256(stored), found.path("quarantine.sha256"));
        // The body is JSON with every non-ASCII char escaped: the lone surrogate survives the wire.
        assertTrue(found.asString().toLowerCase().contains("v1/\\u0000de\\ud800cide"), found.asString());
        assertEquals("v1/\u0000de\ud800cide", JSON.readTree(found.asString()).get("path").asText());
    }

    @Test
    void aQuarantinedDecisionIsScopedToItsTenantLikeEveryOther() throws Exception {
        AuditEntry poison = entry("tenant-\u0000-" + UUID.randomUUID(), TENANT);
        assertAllStored(List.of(writer.submit(poison)));
        String path = "/v1/decisions/" + poison.decisionId();

        Tokens.asTenant("acme-auditor", TENANT, "auditor").get(path).then().statusCode(200).body("quarantined", equalTo(true));
        Tokens.asTenant("globex-auditor", "globex", "auditor").get(path).then().statusCode(404)
                .contentType("application/problem+json");
        Tokens.as("a-decider", "decider").get(path).then().statusCode(403);
        Tokens.asTenant("acme-auditor", TENANT, "auditor").get("/v1/audit/quarantine").then().statusCode(200)
                .body("items.decision_id", hasItem(poison.decisionId().toString()))
                .body("items.quarantine.tenant", everyItem(equalTo(TENANT)));
        Tokens.asTenant("globex-auditor", "globex", "auditor").get("/v1/audit/quarantine").then().statusCode(200)
                .body("items.decision_id", not(hasItem(poison.decisionId().toString())));
        Tokens.asTenant("acme-auditor", TENANT, "auditor").queryParam("tenant", "globex").get("/v1/audit/quarantine")
                .then().statusCode(403);
        Tokens.asTenant("acme-auditor", TENANT, "auditor").get("/v1/audit/verify").then().statusCode(403);
    }

    @Test
    void theQuarantineListIsPagedNewestFirst() throws Exception {
        List<AuditEntry> poisons = List.of(entry("page-\u0000-1", null), entry("page-\u0000-2", null), entry("page-\u0000-3", null));
        for (AuditEntry p : poisons) {
            assertAllStored(List.of(writer.submit(p)));
        }
        Response first = given().queryParam("limit", 2).get("/v1/audit/quarantine");
        first.then().statusCode(200).body("items.size()", equalTo(2))
                .body("items.decision_id", equalTo(List.of(poisons.get(2).decisionId().toString(), poisons.get(1).decisionId().toString())));
        given().queryParam("limit", 1).queryParam("cursor", (String) first.path("nextCursor")).get("/v1/audit/quarantine")
                .then().statusCode(200).body("items.decision_id", equalTo(List.of(poisons.get(0).decisionId().toString())));
        for (String[] bad : new String[][] {{"limit", "0"}, {"limit", "x"}, {"cursor", "abc"}}) {
            given().queryParam(bad[0], bad[1]).get("/v1/audit/quarantine").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(bad[0]));
        }
    }

    @Test
    void verifyReportsATamperedQuarantineRow() throws Exception {
        AuditEntry poison = entry("tamper-\u0000-" + UUID.randomUUID(), null);
        assertAllStored(List.of(writer.submit(poison)));
        given().get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true));

        sql("UPDATE audit_quarantine SET record = record || '\\x20'::bytea WHERE decision_id = ?", poison.decisionId());
        try {
            given().get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(false))
                    .body("firstBreak", nullValue())
                    .body("quarantine.intact", equalTo(false))
                    .body("quarantine.tamperedCount", equalTo(1))
                    .body("quarantine.tampered", equalTo(List.of(poison.decisionId().toString())));
        } finally {
            sql("UPDATE audit_quarantine SET record = substring(record FROM 1 FOR length(record) - 1) WHERE decision_id = ?",
                    poison.decisionId());
        }
        given().get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aPoisonRecordLeftInTheJournalByAnEarlierRunIsQuarantinedAndTheDrainCompletes() throws Exception {
        UUID good1 = decisionOf(LEFT_IN_JOURNAL.get(0));
        UUID good2 = decisionOf(LEFT_IN_JOURNAL.get(2));
        assertEquals(List.of(good1, good2), chainOrder(List.of(good1, good2)), "both good records drained, in order");
        UUID poison;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT decision_id, sql_state FROM audit_quarantine WHERE command_id = ?")) {
            ps.setBytes(1, LosslessUtf8.encode(LEFT_IN_JOURNAL.get(1)));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the journal's poison record is in the quarantine");
                poison = (UUID) rs.getObject(1);
                assertEquals("22021", rs.getString(2));
            }
        }
        assertFalse(writer.journaling(), "the drain finished: the writer is on PostgreSQL");
        assertEquals(0, writer.journalBacklog());
        try (var segments = Files.list(Path.of(dataDir).resolve("journal"))) {
            assertEquals(List.of(), segments.toList(), "the drained segment is gone");
        }
        given().get("/v1/decisions/" + poison).then().statusCode(200).body("quarantined", equalTo(true))
                .body("quarantine.commandId", equalTo(LEFT_IN_JOURNAL.get(1)));
    }

    @Test
    void readinessAndTheMetricSayDegradedWhileQuarantiningAndNoLongerAfterTheThreshold() throws Exception {
        awaitTrue(() -> !degraded(), "not degraded before");
        metric("arbiter_audit_degraded", "0.0");

        AuditEntry poison = entry("degraded-\u0000-" + UUID.randomUUID(), null);
        assertAllStored(List.of(writer.submit(poison)));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit log' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'audit log' }.data.degraded", equalTo(true))
                .body("checks.find { it.name == 'audit log' }.data.degradedReason", startsWith("quarantining: 1 record(s)"))
                .body("checks.find { it.name == 'audit log' }.data.degradedSince", not(nullValue()));
        metric("arbiter_audit_degraded", "1.0");
        assertTrue(metricValue("arbiter_audit_records_quarantined_total") >= 1);
        awaitTrue(() -> metricValue("arbiter_audit_quarantine_records") == quarantineSize(), "the gauge counts the quarantine");

        awaitTrue(() -> !degraded(), "degraded-after (2 s) passed without another quarantine");
        metric("arbiter_audit_degraded", "0.0");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit log' }.data.degradedReason", nullValue());
    }

    @Test
    void anOutageThatIsNotAboutTheDataJournalsSaysDegradedPastTheThresholdAndDrainsWhenOver() throws Exception {
        awaitTrue(() -> !degraded(), "not degraded before");
        long quarantined = quarantineSize();
        String decisionId;
        // PostgreSQL answers but cannot append anything: an error about the schema, not the data.
        sql("ALTER FUNCTION audit_append RENAME TO audit_append_away", null);
        try {
            sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'arbiter-audit-writer'", null);
            decisionId = given().contentType(ContentType.JSON)
                    .body("{\"commandId\":\"" + unique("outage") + "\",\"type\":\"PlaceOrder\"}")
                    .post("/v1/decide").then().statusCode(200).extract().path("decisionId");
            assertTrue(writer.journaling(), "journaled, not quarantined");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'audit log' }.data.mode", equalTo("journal"))
                    .body("checks.find { it.name == 'audit log' }.data.degraded", equalTo(false));
            awaitTrue(this::degraded, "journaling for longer than degraded-after");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'audit log' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'audit log' }.data.degradedReason", startsWith("journaling"));
            metric("arbiter_audit_degraded", "1.0");
        } finally {
            sql("ALTER FUNCTION audit_append_away RENAME TO audit_append", null);
        }
        awaitTrue(() -> !writer.journaling(), "drained once PostgreSQL appends again");
        awaitTrue(() -> !degraded(), "no longer degraded");
        given().get("/v1/decisions/" + decisionId).then().statusCode(200).body("hash", not(nullValue()));
        assertEquals(quarantined, quarantineSize(), "nothing was quarantined for an error about the schema");
    }

    @Test
    void whenTheQuarantineCannotBeWrittenEitherThePoisonRecordIsJournaledAndTheDrainQuarantinesIt() throws Exception {
        AuditEntry poison = entry("unkept-\u0000-" + UUID.randomUUID(), null);
        AuditEntry good = entry(unique("behind-unkept"), null);
        sql("ALTER TABLE audit_quarantine RENAME TO audit_quarantine_away", null);
        try {
            assertAllStored(submitTogether(List.of(poison, good))); // durable: in the journal
            assertTrue(writer.journaling(), "the writer fell back to the journal");
            assertTrue(writer.journalBacklog() >= 1, "the journal holds what PostgreSQL did not settle");
        } finally {
            sql("ALTER TABLE audit_quarantine_away RENAME TO audit_quarantine", null);
        }
        awaitTrue(() -> !writer.journaling(), "the drain got past the poison record");
        assertEquals("22021", quarantineColumn(poison.decisionId(), "sql_state"));
        assertEquals(List.of(good.decisionId()), chainOrder(List.of(good.decisionId())));
        assertEquals(0, writer.journalBacklog());
    }

    // --- helpers

    /** Submitted back to back: with max-wait 200 ms the writer takes them as one batch. */
    List<CompletableFuture<AuditWriter.Written>> submitTogether(List<AuditEntry> entries) {
        return entries.stream().map(writer::submit).toList();
    }

    static void assertAllStored(List<CompletableFuture<AuditWriter.Written>> futures) throws Exception {
        for (CompletableFuture<AuditWriter.Written> f : futures) {
            assertInstanceOf(AuditWriter.Stored.class, f.get(30, TimeUnit.SECONDS));
        }
    }

    /** The given decisions as the chain orders them (by seq); each must be in decision_log. */
    List<UUID> chainOrder(List<UUID> ids) throws Exception {
        List<UUID> ordered = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT decision_id FROM decision_log WHERE decision_id = ANY(?::uuid[]) ORDER BY seq")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ordered.add((UUID) rs.getObject(1));
                }
            }
        }
        return ordered;
    }

    UUID decisionOf(String commandId) {
        String id = given().queryParam("commandId", commandId).get("/v1/decisions").then().statusCode(200)
                .body("items.size()", equalTo(1)).extract().path("items[0].decision_id");
        return UUID.fromString(id);
    }

    String quarantineColumn(UUID decisionId, String column) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + column + " FROM audit_quarantine WHERE decision_id = ?")) {
            ps.setObject(1, decisionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    long quarantineSize() {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM audit_quarantine")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void sql(String statement, UUID arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            if (arg != null) {
                ps.setObject(1, arg);
            }
            ps.execute();
        }
    }

    boolean degraded() {
        return given().get("/q/health/ready").<Boolean>path("checks.find { it.name == 'audit log' }.data.degraded");
    }

    static void metric(String name, String value) {
        assertEquals(Double.parseDouble(value), metricValue(name), name);
    }

    static double metricValue(String name) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}

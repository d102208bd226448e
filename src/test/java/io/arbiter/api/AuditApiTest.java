package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuditApiTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Inject
    DataSource dataSource;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static Response decide(String commandId, String extra) {
        return given().contentType(ContentType.JSON)
                .body("{\"commandId\":\"" + commandId + "\",\"type\":\"PlaceOrder\",\"businessKey\":\"order-1007\""
                        + (extra.isEmpty() ? "" : "," + extra) + "}")
                .post("/v1/decide");
    }

    @Test
    void aRetriedCommandGetsItsOriginalDecisionMarkedAsReplayedAndIsRecordedOnce() {
        String id = unique("retry");
        Response first = decide(id, "\"market\":\"EU\",\"channel\":\"web\"");
        first.then().statusCode(200).body("replayed", nullValue());
        Response again = decide(id, "\"channel\":\"web\",\"market\":\"EU\"");
        again.then().statusCode(200).body("replayed", equalTo(true))
                .body("decisionId", equalTo(first.path("decisionId")))
                .body("owner", equalTo(first.path("owner")))
                .body("revision", equalTo(first.path("revision")))
                .body("decidedAt", equalTo(first.path("decidedAt")));
        assertEquals(1, rowsFor(id));
    }

    @Test
    void theSameCommandIdWithADifferentEnvelopeIs409NamingTheFields() {
        String id = unique("conflict");
        decide(id, "\"market\":\"EU\",\"attributes\":{\"a\":\"1\"}").then().statusCode(200);
        decide(id, "\"market\":\"US\",\"attributes\":{\"a\":\"2\"}").then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("market", "attributes")));
        assertEquals(1, rowsFor(id));
    }

    @Test
    void racingDuplicatesMakeOneDecision() throws Exception {
        String id = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> decide(id, "\"market\":\"EU\""));
        }
        Set<String> decisionIds = new HashSet<>();
        for (Future<Response> f : pool.invokeAll(calls)) {
            Response r = f.get();
            assertEquals(200, r.statusCode(), r.asString());
            decisionIds.add(r.path("decisionId"));
        }
        pool.shutdown();
        assertEquals(1, decisionIds.size());
        assertEquals(1, rowsFor(id));
    }

    @Test
    void decisionsCanBeQueriedByEveryFilterAndPagedStablyWhileNewOnesArrive() {
        String correlation = unique("corr");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(decide(unique("q"), "\"correlationId\":\"" + correlation + "\",\"market\":\"EU\",\"channel\":\"web\"")
                    .then().statusCode(200).extract().path("decisionId"));
        }
        Response page1 = given().queryParam("correlationId", correlation).queryParam("limit", 2).get("/v1/decisions");
        page1.then().statusCode(200).body("items.size()", equalTo(2)).body("items[0].decision_id", equalTo(ids.get(4)));
        // A decision arriving between pages does not shift the next page.
        decide(unique("q"), "\"correlationId\":\"" + correlation + "\"").then().statusCode(200);
        Response page2 = given().queryParam("correlationId", correlation).queryParam("limit", 2)
                .queryParam("cursor", (String) page1.path("nextCursor")).get("/v1/decisions");
        page2.then().statusCode(200).body("items.decision_id", equalTo(List.of(ids.get(2), ids.get(1))));
        Response page3 = given().queryParam("correlationId", correlation).queryParam("limit", 2)
                .queryParam("cursor", (String) page2.path("nextCursor")).get("/v1/decisions");
        page3.then().body("items.decision_id", equalTo(List.of(ids.get(0)))).body("nextCursor", nullValue());

        given().queryParam("correlationId", correlation).queryParam("owner", "order-management").queryParam("type", "PlaceOrder")
                .queryParam("outcome", "ROUTED").queryParam("businessKey", "order-1007").queryParam("revision", 1)
                .queryParam("from", Instant.now().minusSeconds(600).toString()).queryParam("to", Instant.now().plusSeconds(60).toString())
                .get("/v1/decisions").then().statusCode(200).body("items.size()", equalTo(6));
        given().queryParam("correlationId", correlation).queryParam("owner", "billing").get("/v1/decisions")
                .then().statusCode(200).body("items.size()", equalTo(0));
        given().queryParam("commandId", "no-such-command").get("/v1/decisions").then().body("items.size()", equalTo(0));
    }

    @Test
    void badQueryParametersAreProblemsNamingTheParameter() {
        for (String[] bad : new String[][] {{"limit", "0"}, {"limit", "5000"}, {"limit", "x"}, {"cursor", "abc"},
                {"from", "yesterday"}, {"outcome", "MAYBE"}, {"revision", "one"}}) {
            given().queryParam(bad[0], bad[1]).get("/v1/decisions").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(bad[0]));
        }
    }

    @Test
    void theExportStreamsJsonLinesOldestFirst() {
        Instant from = Instant.now().minusMillis(5);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(decide(unique("export"), "").then().statusCode(200).extract().path("decisionId"));
        }
        Instant to = Instant.now().plusSeconds(1);
        Response export = given().queryParam("from", from.toString()).queryParam("to", to.toString()).get("/v1/decisions/export");
        export.then().statusCode(200).contentType("application/x-ndjson");
        String[] lines = export.asString().strip().split("\n");
        List<String> exported = new ArrayList<>();
        long lastSeq = 0;
        for (String line : lines) {
            io.restassured.path.json.JsonPath record = new io.restassured.path.json.JsonPath(line);
            assertTrue(record.getLong("seq") > lastSeq, "oldest first");
            lastSeq = record.getLong("seq");
            exported.add(record.getString("decision_id"));
        }
        assertTrue(exported.containsAll(ids), exported + " should contain " + ids);
        given().queryParam("from", "nope").get("/v1/decisions/export").then().statusCode(400);
    }

    @Test
    void verifyFindsAChangedRecordAChangedColumnAndADeletedRow() throws Exception {
        Response made = decide(unique("tamper"), "\"market\":\"EU\"");
        String decisionId = made.path("decisionId");
        decide(unique("tamper-next"), "").then().statusCode(200);
        given().get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true)).body("firstBreak", nullValue());
        long seq = given().get("/v1/decisions/" + decisionId).then().extract().<Number>path("seq").longValue();

        sql("UPDATE decision_log SET record = replace(record, 'order-management', 'mallory') WHERE decision_id = ?::uuid", decisionId);
        given().get("/v1/audit/verify").then().body("intact", equalTo(false))
                .body("firstBreak.seq", equalTo((int) seq)).body("firstBreak.decisionId", equalTo(decisionId))
                .body("firstBreak.problem", containsString("record was changed"));
        sql("UPDATE decision_log SET record = replace(record, 'mallory', 'order-management') WHERE decision_id = ?::uuid", decisionId);

        sql("UPDATE decision_log SET owner = 'mallory' WHERE decision_id = ?::uuid", decisionId);
        given().get("/v1/audit/verify").then().body("intact", equalTo(false))
                .body("firstBreak.problem", containsString("column owner (mallory) differs from the record (order-management)"));
        sql("UPDATE decision_log SET owner = 'order-management' WHERE decision_id = ?::uuid", decisionId);

        withRowsSaved("CREATE TEMP TABLE saved AS SELECT * FROM decision_log WHERE decision_id = ?::uuid", decisionId, () -> {
            sql("DELETE FROM decision_log WHERE decision_id = ?::uuid", decisionId);
            given().get("/v1/audit/verify").then().body("intact", equalTo(false))
                    .body("firstBreak.seq", equalTo((int) seq)).body("firstBreak.problem", containsString("missing"));
        });
        given().get("/v1/audit/verify").then().body("intact", equalTo(true));
    }

    @Test
    void verifyNoticesTheNewestRecordsWereDeleted() throws Exception {
        String decisionId = decide(unique("tail"), "").then().statusCode(200).extract().path("decisionId");
        withRowsSaved("CREATE TEMP TABLE saved AS SELECT * FROM decision_log WHERE decision_id = ?::uuid", decisionId, () -> {
            sql("DELETE FROM decision_log WHERE decision_id = ?::uuid", decisionId);
            given().get("/v1/audit/verify").then().body("intact", equalTo(false))
                    .body("firstBreak.problem", containsString("newest records were deleted"));
        });
    }

    @Test
    void readinessReportsTheAuditMode() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("audit log"))
                .body("checks.find { it.name == 'audit log' }.data.mode", equalTo("database"))
                .body("checks.find { it.name == 'audit log' }.data.journalBacklog", equalTo(0))
                .body("checks.find { it.name == 'audit log' }.data.degraded", equalTo(false))
                .body("checks.find { it.name == 'audit log' }.data.degradedReason", nullValue());
    }

    @Test
    void verifyRejectsABadWindow() {
        given().queryParam("to", "soon").get("/v1/audit/verify").then().statusCode(400).body("errors[0].field", equalTo("to"));
    }

    int rowsFor(String commandId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM decision_log WHERE command_id = ?")) {
            ps.setString(1, commandId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void sql(String statement, String arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    interface Check {
        void run() throws Exception;
    }

    /** Saves rows into a temp table on one connection, runs the check, then puts the rows back. */
    void withRowsSaved(String save, String arg, Check whileDeleted) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(save)) {
                ps.setString(1, arg);
                ps.executeUpdate();
            }
            try {
                whileDeleted.run();
            } finally {
                try (var s = c.createStatement()) {
                    s.execute("INSERT INTO decision_log SELECT * FROM saved");
                    s.execute("DROP TABLE saved");
                }
            }
        }
    }
}

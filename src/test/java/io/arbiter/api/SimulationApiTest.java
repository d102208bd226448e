package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.arbiter.api.Simulations.awaitFinished;
import static io.arbiter.api.Simulations.decideArchiveOrders;
import static io.arbiter.api.Simulations.simulate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SimulationApiTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    /** Under the bundled rule set ArchiveOrder has no owner; this candidate gives it one. */
    static final String ARCHIVE_OWNED = RuleSetApiTest.ownership("Archive ownership", "Archive desk owns archiving",
            "ArchiveOrder", "archive-desk");

    static int uploadArchiveCandidate() {
        return RuleSetApiTest.uploadCsv("50-archive.drl.csv", ARCHIVE_OWNED);
    }

    @Test
    void aSimulationOverAnAuditLogWindowReplaysExactlyThatWindowAndStoresItsReport() {
        String correlation = decideArchiveOrders(25);
        int candidate = uploadArchiveCandidate();

        var accepted = given().contentType(ContentType.JSON)
                .body("{\"candidateRevision\":" + candidate + ",\"source\":{\"auditLog\":{\"correlationId\":\"" + correlation + "\"}}}")
                .post("/v1/simulations");
        accepted.then().statusCode(202).header("Location", endsWith("/v1/simulations/" + accepted.path("id")))
                .body("candidateRevision", equalTo(candidate)).body("baseline", equalTo("recorded"))
                .body("source.auditLog.correlationId", equalTo(correlation))
                .body("source.auditLog.from", notNullValue()).body("source.auditLog.to", notNullValue())
                .body("source.auditLog.toSeq", notNullValue()).body("createdAt", notNullValue());
        assertTrue(List.of("QUEUED", "RUNNING", "COMPLETED").contains(accepted.path("status").toString()));

        JsonPath done = awaitFinished(accepted.path("id"));
        assertEquals("COMPLETED", done.getString("status"), done.prettify());
        assertEquals(25, done.getInt("progress.total"));
        assertEquals(25, done.getInt("progress.processed"));
        assertEquals(25, done.getInt("replayed"));
        assertEquals(25, done.getInt("report.replayed"));
        assertEquals(25, done.getInt("report.changed"));
        assertEquals(0, done.getInt("report.noise"));
        assertEquals(25, done.getInt("report.changesByKind.owner"));
        assertEquals(Map.of("from", "(NO_OWNER)", "to", "archive-desk", "count", 25),
                Map.of("from", done.getString("report.ownerTransitions[0].from"), "to", done.getString("report.ownerTransitions[0].to"),
                        "count", done.getInt("report.ownerTransitions[0].count")));
        assertEquals(25, done.getInt("report.breakdown.market.DE.changed"));
        assertTrue(done.getString("finishedAt") != null && done.getString("startedAt") != null);

        given().get("/v1/simulations/" + accepted.path("id") + "/report").then().statusCode(200)
                .contentType(containsString("text/plain")).body(containsString("archive-desk"));
        given().get("/v1/simulations?candidateRevision=" + candidate).then().statusCode(200)
                .body("id", hasItem(accepted.path("id").toString())).body("[0].report", nullValue());
    }

    @Test
    void theReportSaysWhereEachRowThatDecidedAndEachRowThatDecidedNothingIs() {
        String correlation = decideArchiveOrders(3);
        int candidate = uploadArchiveCandidate();
        JsonPath done = awaitFinished(simulate(candidate, correlation, null));
        assertEquals("COMPLETED", done.getString("status"), done.prettify());

        // The uploaded table's one rule, on the 8th line of its CSV, decided all three.
        assertEquals(1, done.getList("report.rowsHit").size(), done.prettify());
        assertEquals(Map.of("rule", "Archive desk owns archiving", "table", "Archive ownership", "file", "50-archive.drl.csv",
                "row", 8, "hits", 3), Map.of("rule", done.getString("report.rowsHit[0].rule"), "table", done.getString("report.rowsHit[0].table"),
                "file", done.getString("report.rowsHit[0].file"), "row", done.getInt("report.rowsHit[0].row"),
                "hits", done.getInt("report.rowsHit[0].hits")));
        assertNull(done.get("report.rowsHit[0].sheet"));

        // Every bundled row decided nothing: deadRows names them, deadRowsAt locates the same rows in the same order.
        List<String> dead = done.getList("report.deadRows", String.class);
        List<Map<String, Object>> deadAt = done.getList("report.deadRowsAt");
        assertTrue(dead.size() > 1, done.prettify());
        assertEquals(dead, deadAt.stream().map(r -> (String) r.get("rule")).toList());
        for (Map<String, Object> row : deadAt) {
            assertTrue(row.get("file") instanceof String && row.get("table") instanceof String && (Integer) row.get("row") > 0, row.toString());
            assertTrue(row.containsKey("sheet"), row.toString());
        }
        assertTrue(deadAt.stream().anyMatch(r -> "20-order-migration.drl.csv".equals(r.get("file"))), deadAt.toString());
    }

    @Test
    void lastKeepsOnlyTheNewestDecisionsOfTheWindow() {
        String correlation = decideArchiveOrders(12);
        int candidate = uploadArchiveCandidate();
        JsonPath done = awaitFinished(simulate(candidate, correlation, 5));
        assertEquals("COMPLETED", done.getString("status"));
        assertEquals(5, done.getInt("replayed"));
        assertEquals(5, done.getInt("source.auditLog.last"));
        // The window began at the 5th newest: its first decision is the 8th of the 12.
        given().get("/v1/decisions?correlationId=" + correlation + "&limit=12").then()
                .body("items[4].seq", equalTo(done.getInt("source.auditLog.fromSeq")));
    }

    @Test
    void anUploadedHistoryOfBareEnvelopesIsReplayedAgainstABaselineRevision() {
        int candidate = uploadArchiveCandidate();
        int active = RuleSetApiTest.active();
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            history.append("{\"commandId\":\"up-").append(i).append("\",\"type\":\"").append(i % 2 == 0 ? "ArchiveOrder" : "RefundPayment")
                    .append("\",\"market\":\"FR\",\"issuedAt\":\"2026-11-01T10:00:00Z\"}\n");
        }
        history.append("not json\n");
        String id = given().multiPart("history", "history.jsonl", history.toString().getBytes(StandardCharsets.UTF_8))
                .multiPart("candidateRevision", String.valueOf(candidate)).multiPart("baseline", String.valueOf(active))
                .post("/v1/simulations").then().statusCode(202)
                .body("baseline.revision", equalTo(active)).body("source.file.name", equalTo("history.jsonl"))
                .extract().path("id");
        JsonPath done = awaitFinished(id);
        assertEquals("COMPLETED", done.getString("status"), done.prettify());
        assertEquals(41, done.getInt("progress.total"));
        assertEquals(40, done.getInt("replayed"));
        assertEquals(20, done.getInt("report.changed"));
        assertEquals(1, done.getInt("report.errors"));
        assertTrue(done.getString("report.errorSamples[0]").startsWith("line 41:"), done.getString("report.errorSamples[0]"));
    }

    @Test
    void aCancelledSimulationStopsPartWayAndKeepsNoReport() {
        int candidate = uploadArchiveCandidate();
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 150_000; i++) {
            history.append("{\"commandId\":\"big-").append(i).append("\",\"type\":\"ArchiveOrder\"}\n");
        }
        String id = upload(candidate, history.toString().getBytes(StandardCharsets.UTF_8));
        // Queued or running, whichever it is by now: either way it stops long before 150,000 records.
        given().post("/v1/simulations/" + id + "/cancel").then().statusCode(202).body("id", equalTo(id));
        JsonPath stopped = awaitFinished(id);
        assertEquals("CANCELLED", stopped.getString("status"));
        assertTrue(stopped.getLong("progress.processed") < 150_000, stopped.prettify());
        assertNull(stopped.get("report"));
        assertNull(stopped.get("replayed"));
        given().get("/v1/simulations/" + id + "/report").then().statusCode(409).contentType("application/problem+json");
        given().post("/v1/simulations/" + id + "/cancel").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already finished"));
    }

    private static String upload(int candidate, byte[] history) {
        return given().multiPart("history", "big.jsonl", history).multiPart("candidateRevision", String.valueOf(candidate))
                .multiPart("baseline", String.valueOf(RuleSetApiTest.active()))
                .post("/v1/simulations").then().statusCode(202).extract().path("id");
    }

    @Test
    void bareEnvelopesWithoutABaselineAreRefusedBeforeAnythingRuns() {
        given().multiPart("history", "h.jsonl", "\n{\"commandId\":\"b-1\",\"type\":\"ArchiveOrder\"}\n".getBytes(StandardCharsets.UTF_8))
                .multiPart("candidateRevision", "1").post("/v1/simulations").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("baseline"))
                .body("detail", containsString("bare command envelopes"));
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        post("{}").then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("candidateRevision"));
        post("").then().statusCode(400).contentType("application/problem+json");
        post("{\"candidateRevision\":9999}").then().statusCode(422).body("errors[0].field", equalTo("candidateRevision"))
                .body("detail", containsString("Revision 9999 does not exist"));
        post("{\"candidateRevision\":1,\"baseline\":{\"revision\":9999}}").then().statusCode(422)
                .body("errors[0].field", equalTo("baseline"));
        post("{\"candidateRevision\":1,\"baseline\":\"yesterday\"}").then().statusCode(400).body("errors[0].field", equalTo("baseline"));
        post("{\"candidateRevision\":\"one\"}").then().statusCode(400).body("errors[0].field", equalTo("candidateRevision"))
                .body("errors[0].message", equalTo("must be a number"));
        post("{\"candidateRevision\":1,\"sauce\":{}}").then().statusCode(400).body("errors[0].field", equalTo("sauce"));
        post("{\"candidateRevision\":1,\"source\":{\"auditLog\":{\"markt\":\"DE\"}}}").then().statusCode(400)
                .body("errors[0].field", equalTo("source.auditLog.markt"));
        post("{\"candidateRevision\":1,\"source\":{\"auditLog\":{\"from\":\"yesterday\"}}}").then().statusCode(400)
                .body("errors[0].field", equalTo("source.auditLog.from"));
        post("{\"candidateRevision\":1,\"source\":{\"auditLog\":{\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}}}")
                .then().statusCode(400).body("errors[0].field", equalTo("source.auditLog.from"));
        post("{\"candidateRevision\":1,\"source\":{\"auditLog\":{\"outcome\":\"MAYBE\"}}}").then().statusCode(400)
                .body("errors[0].field", equalTo("source.auditLog.outcome"));
        post("{\"candidateRevision\":1,\"source\":{\"auditLog\":{\"last\":0}}}").then().statusCode(400)
                .body("errors[0].field", equalTo("source.auditLog.last"));
        post("{\"candidateRevision\":1,\"examples\":1000}").then().statusCode(400).body("errors[0].field", equalTo("examples"));
        given().multiPart("candidateRevision", "1").post("/v1/simulations").then().statusCode(400)
                .body("errors[0].field", equalTo("history"));
        given().get("/v1/simulations/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().get("/v1/simulations/not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().post("/v1/simulations/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        given().get("/v1/simulations?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    private static io.restassured.response.Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/simulations");
    }
}

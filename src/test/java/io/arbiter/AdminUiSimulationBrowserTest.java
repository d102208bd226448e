package io.arbiter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import io.arbiter.api.Simulations;
import io.arbiter.api.OpenModeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulation started from the UI over an uploaded history file (an audit export), its report
 * naming the file, and the candidate's grids opened from the report with the rows that decided
 * (and how often) and the rows that decided nothing marked; a history the API refuses shown as
 * its problem. Open mode. Screenshots: {@code target/admin-ui-screenshots/6x-…}.
 */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
class AdminUiSimulationBrowserTest extends AdminUiPageTestBase {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/admin/")
    URL admin;

    @Inject
    DataSource dataSource;

    @Test
    void aSimulationOfAnUploadedHistoryFileMarksTheRowsThatDecidedAndThoseThatDidNotInTheGrid() {
        // 3 archive orders (no owner today) and 2 placed orders (routed) under a correlation id of their own,
        // exported from the audit log as the Audit page's export writes them: the history file.
        String correlation = "ui-file-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            decide("ArchiveOrder", correlation).then().body("outcome", equalTo("NO_OWNER"));
        }
        for (int i = 0; i < 2; i++) {
            decide("PlaceOrder", correlation).then().body("outcome", equalTo("ROUTED"));
        }
        String export = given().get("/v1/decisions/export").then().statusCode(200).extract().asString();
        String history = Arrays.stream(export.split("\n")).filter(l -> l.contains("\"" + correlation + "\""))
                .collect(Collectors.joining("\n", "", "\n"));
        assertEquals(5, history.lines().count(), "the export holds five lines of " + correlation);
        byte[] file = history.getBytes(StandardCharsets.UTF_8);
        int candidate = given().multiPart("file", "50-archive.drl.csv",
                        AdminUiInsightBrowserTest.ARCHIVE_OWNED.getBytes(StandardCharsets.UTF_8))
                .multiPart("note", "Archive desk takes archiving").post("/v1/rulesets")
                .then().statusCode(201).extract().path("revision");

        page.navigate(admin + "#/simulations");
        step(page, "60-simulation-from-a-history-file", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New simulation")).click();
            Locator form = page.getByTestId("new-simulation");
            assertThat(form.locator("#sim-candidate")).hasValue(String.valueOf(candidate));
            assertThat(form.getByTestId("source-window")).isVisible();
            assertThat(form.getByTestId("source-file")).isHidden();
            form.getByLabel("A history file").check();
            assertThat(form.getByTestId("source-window")).isHidden();
            form.locator("#sim-history").setInputFiles(new FilePayload("history.jsonl", "application/x-ndjson", file));
        });

        step(page, "61-simulation-report-of-the-file", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start simulation")).click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/simulations/[0-9a-f-]{36}$"));
            assertThat(page.getByTestId("run").getByTestId("status")).hasText("Completed");
            // Five audit records are a few kB: the size as a file manager shows it.
            String size = String.format(java.util.Locale.ROOT, "%.1f kB", file.length / 1000.0).replace(".0 kB", " kB");
            assertThat(page.getByTestId("run")).containsText("Decisions: file history.jsonl (" + size + ")");
            assertThat(page.getByTestId("report-source")).containsText("Decisions replayed: file history.jsonl (" + size + ").");
            assertThat(page.getByTestId("headline")).hasText("3 of 5 decisions would change: owner NO_OWNER → archive-desk");
            Locator archive = page.getByTestId("row-tables").locator("tr[data-table='Archive ownership']");
            assertThat(archive.locator("td").nth(2)).hasText("1");
            assertThat(archive.locator("td").nth(3)).hasText("0");
            assertThat(page.getByTestId("dead-rows").locator("li").first()).containsText("· row ");
        });

        String simulation = page.url().replaceAll(".*/simulations/", "");
        JsonPath report = given().get("/v1/simulations/" + simulation).then().statusCode(200).extract().jsonPath();

        step(page, "62-grid-with-the-simulation-rows-that-decided", () -> {
            page.getByTestId("row-tables").locator("tr[data-table='Archive ownership']").getByTestId("open-grid").click();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/" + candidate + "/files/50-archive\\.drl\\.csv\\?simulation=" + simulation + "$"));
            assertThat(page.getByTestId("simulation-legend")).isVisible();
            assertThat(page.getByTestId("legend-hit")).containsText("1 row, 3 decisions");
            assertThat(page.getByTestId("legend-dead")).containsText("0 rows");
            // The rule on the CSV's 8th line decided the three archive orders.
            Locator row = page.locator(".tabulator-row[data-row='8']");
            assertThat(row).hasClass(Pattern.compile("\\brow-sim-hit\\b"));
            assertThat(row.locator(".cell-hits")).hasText("3");
            assertThat(page.locator(".tabulator-row.row-sim-dead")).hasCount(0);
        });

        // The bundled ownership workbook: the row that routed the placed orders decided, the others decided nothing.
        List<Map<String, Object>> hits = report.getList("report.rowsHit");
        Map<String, Object> ownership = hits.stream().filter(h -> "10-ownership.drl.xlsx".equals(h.get("file"))).findFirst().orElseThrow();
        List<Map<String, Object>> deadInOwnership = report.<Map<String, Object>>getList("report.deadRowsAt").stream()
                .filter(d -> "10-ownership.drl.xlsx".equals(d.get("file")) && ownership.get("table").equals(d.get("table"))).toList();
        assertTrue(deadInOwnership.size() > 0, report.prettify());
        step(page, "63-grid-with-the-rows-that-decided-nothing", () -> {
            page.goBack();
            page.getByTestId("row-tables").locator("tr[data-table='" + ownership.get("table") + "']").getByTestId("open-grid").click();
            assertThat(page).hasURL(Pattern.compile(".*/files/10-ownership\\.drl\\.xlsx\\?simulation=" + simulation + "$"));
            Locator table = page.getByTestId("table-" + ownership.get("table"));
            Locator hit = table.locator(".tabulator-row[data-row='" + ownership.get("row") + "']");
            assertThat(hit).hasClass(Pattern.compile("\\brow-sim-hit\\b"));
            assertThat(hit.locator(".cell-hits")).hasText(String.valueOf(ownership.get("hits")));
            assertThat(table.locator(".tabulator-row.row-sim-dead")).hasCount(deadInOwnership.size());
            Locator dead = table.locator(".tabulator-row[data-row='" + deadInOwnership.get(0).get("row") + "']");
            assertThat(dead).hasClass(Pattern.compile("\\brow-sim-dead\\b"));
            assertThat(dead.locator(".cell-hits")).hasText("none");
            assertThat(page.getByTestId("legend-dead")).containsText(deadInOwnership.size() + " row");
        });

        step(page, "64-grid-without-the-simulation", () -> {
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Hide the simulation")).click();
            assertThat(page).hasURL(Pattern.compile(".*/files/10-ownership\\.drl\\.xlsx$"));
            assertThat(page.getByTestId("table-" + ownership.get("table")).locator(".tabulator-row").first()).isVisible();
            assertThat(page.getByTestId("simulation-legend")).hasCount(0);
            assertThat(page.locator(".tabulator-row.row-sim-hit")).hasCount(0);
            assertThat(page.locator(".cell-hits").first()).isHidden();
        });
    }

    @Test
    void aReportStoredBeforeDeadRowsWereLocatedStillShowsAndMarksTheRowsThatDecided() throws Exception {
        String correlation = "ui-old-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            decide("ArchiveOrder", correlation).then().body("outcome", equalTo("NO_OWNER"));
        }
        int candidate = given().multiPart("file", "50-archive.drl.csv",
                AdminUiInsightBrowserTest.ARCHIVE_OWNED.getBytes(StandardCharsets.UTF_8)).post("/v1/rulesets")
                .then().statusCode(201).extract().path("revision");
        String id = given().contentType(ContentType.JSON).body("{\"candidateRevision\":" + candidate
                        + ",\"source\":{\"auditLog\":{\"correlationId\":\"" + correlation + "\"}}}")
                .post("/v1/simulations").then().statusCode(202).extract().path("id");
        // The report as the service stored it before: dead rows by name only, and no sheet on the rows hit.
        ObjectNode old = awaitReport(id);
        old.remove("deadRowsAt");
        old.withArray("rowsHit").forEach(row -> ((ObjectNode) row).remove("sheet"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE simulation SET report = ? WHERE id = ?")) {
            ps.setString(1, JSON.writeValueAsString(old));
            ps.setObject(2, UUID.fromString(id));
            assertEquals(1, ps.executeUpdate());
        }

        page.navigate(admin + "#/simulations/" + id);
        step(page, "67-old-report", () -> {
            assertThat(page.getByTestId("headline")).hasText("2 of 2 decisions would change: owner NO_OWNER → archive-desk");
            assertThat(page.getByTestId("row-tables")).containsText("stored before rows that decided nothing were located");
            Locator archive = page.getByTestId("row-tables").locator("tr[data-table='Archive ownership']");
            assertThat(archive.locator("td").nth(3)).hasText("—");
            assertThat(page.getByTestId("row-tables").locator("tbody tr")).hasCount(1);
            assertThat(page.getByTestId("dead-rows").locator("li").first()).not().containsText("· row ");
        });
        step(page, "68-old-report-in-the-grid", () -> {
            page.getByTestId("row-tables").getByTestId("open-grid").click();
            assertThat(page.getByTestId("simulation-legend")).containsText("not marked");
            assertThat(page.getByTestId("legend-hit")).containsText("1 row, 2 decisions");
            assertThat(page.locator(".tabulator-row[data-row='8']")).hasClass(Pattern.compile("\\brow-sim-hit\\b"));
            assertThat(page.locator(".tabulator-row[data-row='8'] .cell-hits")).hasText("2");
            assertThat(page.locator(".tabulator-row.row-sim-dead")).hasCount(0);
        });
    }

    /** The report of simulation {@code id} as served (raw JSON, fields absent from older reports stay absent), once completed. */
    private static ObjectNode awaitReport(String id) throws Exception {
        assertEquals("COMPLETED", Simulations.awaitFinished(id).getString("status"));
        return (ObjectNode) JSON.readTree(given().get("/v1/simulations/" + id).then().statusCode(200).extract().asString()).get("report");
    }

    @Test
    void aWhatIfSimulationAssumesTheChosenSignalValueAndTheReportSaysSo() {
        // Three EU web orders in the rollout, decided on healthy signals: each went to the new orchestrator.
        io.arbiter.api.PushedSignals.healthy();
        String correlation = "ui-what-if-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\","
                    + "\"businessKey\":\"order-1007\",\"market\":\"EU\",\"channel\":\"web\",\"correlationId\":\"" + correlation + "\"}")
                    .post("/v1/decide").then().statusCode(200).body("implementation", equalTo("new"));
        }
        int candidate = given().multiPart("file", "50-archive.drl.csv",
                        AdminUiInsightBrowserTest.ARCHIVE_OWNED.getBytes(StandardCharsets.UTF_8))
                .multiPart("note", "Archive desk takes archiving").post("/v1/rulesets")
                .then().statusCode(201).extract().path("revision");

        page.navigate(admin + "#/simulations");
        step(page, "69-simulation-what-if-form", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New simulation")).click();
            Locator form = page.getByTestId("new-simulation");
            assertThat(form.locator("#sim-candidate")).hasValue(String.valueOf(candidate));
            // Against what each decision recorded: a revision evaluated side by side would read the assumed value too.
            form.locator("#sim-baseline").selectOption("recorded");
            form.getByText("Only some of these decisions").click();
            form.locator("#sim-correlation").fill(correlation);
            form.getByText("What if — assume signal values").click();
            Locator backlogged = form.locator("[id='sim-signal-fulfillment-planner.backlogged']");
            assertThat(backlogged).hasValue("");
            assertThat(form.getByTestId("what-if-signals")).containsText("inventory-confidence.EU");
            backlogged.selectOption("true");
        });
        step(page, "70-simulation-what-if-report", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start simulation")).click();
            assertThat(page.getByTestId("run").getByTestId("status")).hasText("Completed");
            assertThat(page.getByTestId("report-what-if")).containsText("fulfillment-planner.backlogged = true");
            assertThat(page.getByTestId("headline")).containsText("3 of 3 decisions would change");
        });
    }

    @Test
    void aHistoryFileTheApiRefusesIsShownAsItsProblem() {
        page.navigate(admin + "#/simulations");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New simulation")).click();
        Locator form = page.getByTestId("new-simulation");
        form.getByLabel("A history file").check();
        step(page, "65-simulation-no-file-chosen", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start simulation")).click();
            assertThat(form.locator(".problem")).containsText("No history file chosen");
        });
        step(page, "66-simulation-file-not-utf8", () -> {
            // Line 2 holds a byte that is not UTF-8: the API refuses the file (422), naming the line.
            byte[] latin1 = "{\"commandId\":\"a\",\"type\":\"ArchiveOrder\"}\n{\"commandId\":\"caf\u00e9\",\"type\":\"ArchiveOrder\"}\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            form.locator("#sim-history").setInputFiles(new FilePayload("latin1.jsonl", "application/x-ndjson", latin1));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start simulation")).click();
            assertThat(form.locator(".problem")).containsText("History rejected");
            assertThat(form.locator(".problem")).containsText("line 2");
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/simulations$"));
        });
    }

    private static io.restassured.response.Response decide(String type, String correlation) {
        return given().contentType(ContentType.JSON).body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type
                + "\",\"market\":\"DE\",\"channel\":\"web\",\"correlationId\":\"" + correlation + "\"}").post("/v1/decide");
    }
}

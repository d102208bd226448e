package io.arbiter.api;

import io.arbiter.support.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table in the other format ({@code GET …/files/{name}?as=csv|xlsx}) and a new table from the
 * template ({@code GET /v1/rulesets/{n}/template}), saved through the editor's endpoints.
 */
@QuarkusTest
class TableFilesApiTest {
    static final String MIGRATION = "20-order-migration.drl.csv";
    static final String OWNERSHIP = "10-ownership.drl.xlsx";

    /** Commands that between them match a row of every bundled table, and none. */
    static final List<String> COMMANDS = List.of(
            "{\"commandId\":\"%s\",\"type\":\"PlaceOrder\",\"businessKey\":\"order-1007\",\"market\":\"EU\",\"channel\":\"web\"}",
            "{\"commandId\":\"%s\",\"type\":\"PlaceOrder\",\"channel\":\"marketplace\",\"product\":\"luxury\"}",
            "{\"commandId\":\"%s\",\"type\":\"CancelOrder\",\"cohort\":\"pilot-2026\"}",
            "{\"commandId\":\"%s\",\"type\":\"PlaceOrder\",\"channel\":\"store\"}",
            "{\"commandId\":\"%s\",\"type\":\"PlaceOrder\",\"market\":\"JP\",\"attributes\":{\"dataResidency\":\"restricted\"}}",
            "{\"commandId\":\"%s\",\"type\":\"IssueRefund\",\"attributes\":{\"amount\":\"9000\"}}",
            "{\"commandId\":\"%s\",\"type\":\"NoSuchCommand\"}");

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    static Response download(int revision, String file, String as) {
        return given().queryParam("as", as).get("/v1/rulesets/" + revision + "/files/" + file);
    }

    static Response template(int revision, String file, String table) {
        var request = given();
        if (file != null) {
            request.queryParam("file", file);
        }
        if (table != null) {
            request.queryParam("table", table);
        }
        return request.get("/v1/rulesets/" + revision + "/template");
    }

    /** The revision of {@code base} with {@code original} replaced by {@code converted}. */
    static int replaced(int base, String original, String convertedName, byte[] converted) {
        return given().multiPart("file", convertedName, converted).multiPart("remove", original)
                .multiPart("base", Integer.toString(base)).multiPart("note", "converted " + original)
                .post("/v1/rulesets").then().statusCode(201).extract().path("revision");
    }

    /** What a revision decides for each of {@link #COMMANDS}, without the file names the rows are in. */
    static List<Map<String, Object>> decisions(int revision) {
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String command : COMMANDS) {
            Response r = RuleSetEvaluationApiTest.evaluate(revision, command.formatted("files-" + UUID.randomUUID()));
            r.then().statusCode(200);
            Map<String, Object> answer = new LinkedHashMap<>();
            for (String field : List.of("outcome", "owner", "implementation", "mode", "acceptance", "translation",
                    "failureContract", "destination", "matchedRules", "matchedRows.table", "matchedRows.row")) {
                answer.put(field, r.path(field));
            }
            answers.add(answer);
        }
        return answers;
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> rows(JsonPath grid, int sheet) {
        List<List<String>> rows = new ArrayList<>();
        for (Object row : grid.getList("sheets[" + sheet + "].rows")) {
            rows.add(new ArrayList<>((List<String>) row));
        }
        return rows;
    }

    @Test
    void aCsvTableDownloadsAsAOneSheetWorkbookThatDecidesAsTheCsvDid() throws Exception {
        Response r = download(1, MIGRATION, "xlsx");
        r.then().statusCode(200).header("Content-Disposition", "attachment; filename=\"20-order-migration.drl.xlsx\"")
                .header("ETag", nullValue());
        byte[] xlsx = r.asByteArray();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            assertEquals(1, workbook.getNumberOfSheets());
            assertEquals("20-order-migration", workbook.getSheetName(0));
            assertEquals(rows(TableGridApiTest.grid(1, MIGRATION), 0), Workbooks.cells(workbook.getSheetAt(0)),
                    "every cell as the CSV has it");
        }
        int revision = replaced(1, MIGRATION, "20-order-migration.drl.xlsx", xlsx);
        given().get("/v1/rulesets/" + revision).then().statusCode(200)
                .body("files.name", hasItem("20-order-migration.drl.xlsx")).body("files.name", not(hasItem(MIGRATION)));
        assertEquals(decisions(1), decisions(revision));
        assertEquals(rows(TableGridApiTest.grid(1, MIGRATION), 0),
                rows(TableGridApiTest.grid(revision, "20-order-migration.drl.xlsx"), 0));
    }

    @Test
    void aOneSheetWorkbookDownloadsAsCsvThatDecidesAsTheWorkbookDid() {
        Response r = download(1, OWNERSHIP, "csv");
        r.then().statusCode(200).header("Content-Disposition", "attachment; filename=\"10-ownership.drl.csv\"");
        String csv = new String(r.asByteArray(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("RuleSet,"), csv);
        assertTrue(csv.contains("Order Management owns order placement"), csv);
        int revision = replaced(1, OWNERSHIP, "10-ownership.drl.csv", r.asByteArray());
        assertEquals(decisions(1), decisions(revision).stream().toList());
        assertEquals(rows(TableGridApiTest.grid(1, OWNERSHIP), 0), rows(TableGridApiTest.grid(revision, "10-ownership.drl.csv"), 0));
    }

    @Test
    void askingForTheFormatAFileAlreadyHasServesTheStoredBytes() {
        byte[] stored = given().get("/v1/rulesets/1/files/" + MIGRATION).then().statusCode(200).extract().asByteArray();
        Response same = download(1, MIGRATION, "csv");
        same.then().statusCode(200).header("Content-Disposition", "attachment; filename=\"" + MIGRATION + "\"");
        assertEquals(new String(stored, StandardCharsets.UTF_8), new String(same.asByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void aWorkbookWithTablesOnTwoSheetsIsNotOneCsvAndTheProblemNamesTheSheets() {
        Map<String, List<String[]>> sheets = new LinkedHashMap<>();
        sheets.put("Orders", Workbooks.csv(RuleSetApiTest.ownership("Two sheet orders", "Two sheets A", "TwoSheetA", "desk-a")));
        sheets.put("Refunds", Workbooks.csv(RuleSetApiTest.ownership("Two sheet refunds", "Two sheets B", "TwoSheetB", "desk-b")));
        sheets.put("Notes", List.<String[]>of(new String[] {"Notes are not tables"}));
        int revision = RuleSetApiTest.upload("60-two-sheets.drl.xlsx", Workbooks.xlsx(sheets), Map.of("base", "1"))
                .then().statusCode(201).extract().path("revision");
        download(revision, "60-two-sheets.drl.xlsx", "csv").then().statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Cannot convert the table"))
                .body("detail", containsString("Orders, Refunds"))
                .body("errors", hasSize(2))
                .body("errors.file", hasItem("60-two-sheets.drl.xlsx"))
                .body("errors[0].sheet", equalTo("Orders"))
                .body("errors[1].sheet", equalTo("Refunds"));
        download(revision, "60-two-sheets.drl.xlsx", "xlsx").then().statusCode(200);
    }

    @Test
    void anUnknownFormatIs400NamingTheParameterAndDrlUnknownFilesAndRevisionsAreRefusedAsByTheGrid() {
        for (String as : List.of("pdf", "XLSX", "xls")) {
            download(1, MIGRATION, as).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("as")).body("errors[0].message", containsString("csv or xlsx"));
        }
        download(1, "40-refund-controls.drl", "csv").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].file", equalTo("40-refund-controls.drl")).body("errors[0].message", containsString("DRL"));
        download(1, "nope.drl.csv", "xlsx").then().statusCode(404).contentType("application/problem+json");
        download(99999, MIGRATION, "xlsx").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void downloadingInTheOtherFormatTakesTheRolesThatReadRuleSets() {
        Tokens.as("apu", "approver").queryParam("as", "xlsx").get("/v1/rulesets/1/files/" + MIGRATION).then().statusCode(200);
        Tokens.as("audrey", "auditor").queryParam("as", "xlsx").get("/v1/rulesets/1/files/" + MIGRATION).then().statusCode(403)
                .contentType("application/problem+json");
        Tokens.as("dave", "decider").queryParam("as", "xlsx").get("/v1/rulesets/1/files/" + MIGRATION).then().statusCode(403);
    }

    @Test
    void aNewTableHasTheStandardLayoutWithAColumnPerFactAndRouteFieldAndNoRules() {
        JsonPath g = template(1, "25-eu-store-pilot.drl.csv", "EU store pilot").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
        assertEquals(1, g.getInt("revision"));
        assertEquals("25-eu-store-pilot.drl.csv", g.getString("file"));
        assertEquals(null, g.getString("sha256"), "nothing is stored yet");
        assertEquals(List.of("RuleSet", "io.arbiter.policy.eu_store_pilot"), g.getList("sheets[0].rows[0]"));
        assertEquals(List.of("RuleTable EU store pilot"), g.getList("sheets[0].rows[2]"));
        assertEquals("EU store pilot", g.getString("sheets[0].tables[0].name"));
        assertEquals(8, g.getInt("sheets[0].tables[0].firstRow"));
        assertEquals(List.of(), g.getList("sheets[0].tables[0].rows"));
        assertEquals(List.of("Rule", "Command types", "Tenant", "Market", "Channel", "Product", "Customer tier", "Cohort",
                "Rollout bucket below", "Owner", "Implementation", "Mode", "Acceptance", "Anti-corruption layer",
                "Failure contract", "Destination", "Why", "Effective from", "Expires"), g.getList("sheets[0].tables[0].columns.label"));
        assertEquals("forall(||){type == \"$\"}", g.getString("sheets[0].tables[0].columns.find { it.label == 'Command types' }.template"));
        assertEquals("bucket < $param", g.getString("sheets[0].tables[0].columns.find { it.label == 'Rollout bucket below' }.template"));
        assertEquals(List.of("DIRECT", "ORCHESTRATED", "ASYNC"), g.getList("sheets[0].tables[0].columns.find { it.label == 'Mode' }.options"));
        assertEquals("DATE-EXPIRES", g.getString("sheets[0].tables[0].columns[-1].kind"));

        JsonPath workbook = template(1, "25-eu-store-pilot.drl.xlsx", "EU store pilot").then().statusCode(200).extract().jsonPath();
        assertEquals("25-eu-store-pilot", workbook.getString("sheets[0].name"));
        assertEquals(g.getList("sheets[0].tables[0].columns.label"), workbook.getList("sheets[0].tables[0].columns.label"));
    }

    /** The template's rows with one rule under them: a store pilot for EU store orders. */
    static List<List<String>> withOneRule(JsonPath grid, int sheet) {
        List<List<String>> rows = rows(grid, sheet);
        List<String> labels = rows.get(6);
        List<String> rule = new ArrayList<>();
        Map<String, String> values = Map.of("Rule", "EU store orders join the store pilot", "Command types", "PlaceOrder, CancelOrder",
                "Market", "EU", "Channel", "store", "Implementation", "new", "Mode", "ORCHESTRATED",
                "Destination", "https://order-orchestrator.internal/commands", "Why", "The EU store pilot");
        for (String label : labels) {
            rule.add(values.getOrDefault(label, ""));
        }
        rows.add(rule);
        return rows;
    }

    static Map<String, Object> edit(String file, String sheetName, List<List<String>> rows) {
        Map<String, Object> sheet = new HashMap<>();
        sheet.put("name", sheetName);
        sheet.put("rows", rows);
        return Map.of("base", 1, "note", "EU store pilot", "files", List.of(Map.of("name", file, "sheets", List.of(sheet))));
    }

    @Test
    void aNewTableFilledWithOneRuleChecksCleanAndIsSavedAsADraftThatDecidesByIt() {
        for (String file : List.of("25-eu-store-pilot.drl.csv", "26-eu-store-pilot.drl.xlsx")) {
            JsonPath g = template(1, file, "EU store pilot").then().statusCode(200).extract().jsonPath();
            Map<String, Object> body = edit(file, g.getString("sheets[0].name"), withOneRule(g, 0));
            given().contentType(ContentType.JSON).body(body).post("/v1/rulesets/grids/check").then().statusCode(200)
                    .body("valid", equalTo(true)).body("errors", hasSize(0));
            Response saved = given().contentType(ContentType.JSON).body(body).post("/v1/rulesets/grids");
            saved.then().statusCode(201).body("status", equalTo("DRAFT")).body("baseRevision", equalTo(1))
                    .body("files.name", hasItem(file)).body("files.name", hasItem(MIGRATION));
            int revision = saved.path("revision");
            JsonPath stored = TableGridApiTest.grid(revision, file);
            assertEquals(List.of(8), stored.getList("sheets[0].tables[0].rows.row"));
            assertEquals("EU store orders join the store pilot", stored.getString("sheets[0].tables[0].rows[0].name"));
            RuleSetEvaluationApiTest.evaluate(revision, "{\"commandId\":\"files-" + UUID.randomUUID()
                            + "\",\"type\":\"PlaceOrder\",\"market\":\"EU\",\"channel\":\"store\"}").then().statusCode(200)
                    .body("implementation", equalTo("new")).body("mode", equalTo("ORCHESTRATED"))
                    .body("matchedRows.find { it.file == '" + file + "' }.row", equalTo(8));
        }
    }

    @Test
    void aNewTableThatIsSavedUntouchedIsAValidTableWithoutRules() {
        JsonPath g = template(1, "27-empty.drl.csv", "Empty for now").then().statusCode(200).extract().jsonPath();
        given().contentType(ContentType.JSON).body(edit("27-empty.drl.csv", null, rows(g, 0))).post("/v1/rulesets/grids/check")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void aNewTableNeedsATableFileNameNotYetInTheRevisionAndAPlainTableName() {
        for (String file : List.of("25-pilot.csv", "25-pilot.drl", "../25-pilot.drl.csv", "25/pilot.drl.csv", " ")) {
            template(1, file, "Pilot").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("file"));
        }
        template(1, null, "Pilot").then().statusCode(400).body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("required"));
        for (String table : List.of("", "Say \"hi\"", "Back\\slash", "Two\nlines")) {
            template(1, "25-pilot.drl.csv", table).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("table"));
        }
        template(1, "25-pilot.drl.csv", null).then().statusCode(400).body("errors[0].field", equalTo("table"));
        template(1, MIGRATION, "Order migration").then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("file")).body("errors[0].message", containsString("already has a file"));
        template(99999, "25-pilot.drl.csv", "Pilot").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aNewTableTakesARoleThatEditsTables() {
        for (String role : List.of("analyst", "engineer")) {
            Tokens.as("new-" + role, role).queryParam("file", "25-pilot.drl.csv").queryParam("table", "Pilot")
                    .get("/v1/rulesets/1/template").then().statusCode(200);
        }
        for (String role : List.of("approver", "auditor", "decider")) {
            Tokens.as("new-" + role, role).queryParam("file", "25-pilot.drl.csv").queryParam("table", "Pilot")
                    .get("/v1/rulesets/1/template").then().statusCode(403).contentType("application/problem+json");
        }
    }
}

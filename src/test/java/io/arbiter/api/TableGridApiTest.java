package io.arbiter.api;

import io.arbiter.support.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decision tables as grids: read as the editor shows them, checked as the analyst types, saved as a draft. */
@QuarkusTest
class TableGridApiTest {
    static final String MIGRATION = "20-order-migration.drl.csv";

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    static JsonPath grid(int revision, String file) {
        return given().get("/v1/rulesets/" + revision + "/files/" + file + "/grid").then().statusCode(200).extract().jsonPath();
    }

    /** The edit body: one file, its sheets' rows. */
    static Map<String, Object> edit(String note, String file, List<Map<String, Object>> sheets) {
        return Map.of("base", 1, "note", note, "files", List.of(Map.of("name", file, "sheets", sheets)));
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> rows(JsonPath grid) {
        List<List<String>> rows = new ArrayList<>();
        for (Object row : grid.getList("sheets[0].rows")) {
            rows.add(new ArrayList<>((List<String>) row));
        }
        return rows;
    }

    static Map<String, Object> csvSheet(List<List<String>> rows) {
        Map<String, Object> sheet = new java.util.HashMap<>();
        sheet.put("name", null);
        sheet.put("rows", rows);
        return sheet;
    }

    @Test
    void aTableFileReadsAsItsCellsWithWhereTheHeaderAndTheRulesAre() {
        JsonPath g = grid(1, MIGRATION);
        assertEquals(MIGRATION, g.getString("file"));
        assertEquals(64, g.getString("sha256").length());
        assertEquals(List.of("RuleSet", "io.arbiter.policy.migration"), g.getList("sheets[0].rows[0]"));
        assertEquals(List.of(), g.getList("sheets[0].rows[1]"), "a blank row is an empty row");
        assertEquals("Order migration", g.getString("sheets[0].tables[0].name"));
        assertEquals(3, g.getInt("sheets[0].tables[0].headRow"));
        assertEquals(7, g.getInt("sheets[0].tables[0].labelRow"));
        assertEquals(8, g.getInt("sheets[0].tables[0].firstRow"));
        assertEquals(List.of(8, 9, 10, 11, 12), g.getList("sheets[0].tables[0].rows.row"));
        assertEquals("Mode", g.getString("sheets[0].tables[0].columns.find { it.letter == 'I' }.label"));
        assertEquals("ACTION", g.getString("sheets[0].tables[0].columns.find { it.letter == 'I' }.kind"));
        assertEquals(List.of("DIRECT", "ORCHESTRATED", "ASYNC"), g.getList("sheets[0].tables[0].columns.find { it.letter == 'I' }.options"));
        assertEquals("DATE-EFFECTIVE", g.getString("sheets[0].tables[0].columns.find { it.letter == 'M' }.kind"));
        assertEquals("market == \"$param\"", g.getString("sheets[0].tables[0].columns.find { it.letter == 'C' }.template"));
        assertEquals("2026-01-15", g.getString("sheets[0].rows[8][12]"));
    }

    @Test
    void aWorkbookReadsSheetByNamedSheet() {
        JsonPath g = grid(1, "10-ownership.drl.xlsx");
        assertTrue(g.getList("sheets.name").size() >= 1);
        assertTrue(g.getString("sheets[0].name") != null && !g.getString("sheets[0].name").isBlank());
        assertTrue(g.getList("sheets[0].tables").size() >= 1);
    }

    @Test
    void unknownRevisionsAndFilesAre404AndADrlFileHasNoGrid() {
        given().get("/v1/rulesets/99999/files/" + MIGRATION + "/grid").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/v1/rulesets/1/files/nope.drl.csv/grid").then().statusCode(404).contentType("application/problem+json");
        given().get("/v1/rulesets/1/files/40-refund-controls.drl/grid").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].message", containsString("DRL"));
    }

    @Test
    void readingAGridTakesARoleThatReadsRuleSetsAndSavingOneARoleThatUploads() {
        Tokens.as("audrey", "auditor").get("/v1/rulesets/1/files/" + MIGRATION + "/grid").then().statusCode(403);
        Tokens.as("dave", "decider").get("/v1/rulesets/1/files/" + MIGRATION + "/grid").then().statusCode(403);
        Tokens.as("apu", "approver").get("/v1/rulesets/1/files/" + MIGRATION + "/grid").then().statusCode(200);
        Map<String, Object> body = edit("n", MIGRATION, List.of(csvSheet(rows(grid(1, MIGRATION)))));
        Tokens.as("apu", "approver").contentType(ContentType.JSON).body(body).post("/v1/rulesets/grids").then().statusCode(403);
        Tokens.as("apu", "approver").contentType(ContentType.JSON).body(body).post("/v1/rulesets/grids/check").then().statusCode(403);
    }

    @Test
    void aBadCellIsReportedOnTheCellAndNothingIsStored() {
        List<List<String>> rows = rows(grid(1, MIGRATION));
        rows.get(8).set(8, "DIRCT");
        int before = given().get("/v1/rulesets").then().statusCode(200).extract().jsonPath().getList("revision").size();
        Map<String, Object> body = edit("typo", MIGRATION, List.of(csvSheet(rows)));
        given().contentType(ContentType.JSON).body(body).post("/v1/rulesets/grids/check").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("errors", hasSize(1))
                .body("errors[0].file", equalTo(MIGRATION))
                .body("errors[0].row", equalTo(9))
                .body("errors[0].column", equalTo("I"))
                .body("errors[0].message", containsString("DIRECT"));
        given().contentType(ContentType.JSON).body(body).post("/v1/rulesets/grids").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].row", equalTo(9)).body("errors[0].column", equalTo("I"));
        assertEquals(before, given().get("/v1/rulesets").then().extract().jsonPath().getList("revision").size(), "nothing stored");
    }

    @Test
    void aValidGridChecksCleanAndStoresNothing() {
        int before = given().get("/v1/rulesets").then().statusCode(200).extract().jsonPath().getList("revision").size();
        given().contentType(ContentType.JSON).body(edit("n", MIGRATION, List.of(csvSheet(rows(grid(1, MIGRATION))))))
                .post("/v1/rulesets/grids/check").then().statusCode(200).body("valid", equalTo(true)).body("errors", hasSize(0));
        assertEquals(before, given().get("/v1/rulesets").then().extract().jsonPath().getList("revision").size());
    }

    @Test
    void anEditedAndReorderedGridIsSavedAsADraftThatRoundTripsThroughDownloadAndUpload() {
        List<List<String>> rows = rows(grid(1, MIGRATION));
        rows.get(9).set(6, "30");                     // EU web rollout from 20 % to 30 %
        List<String> store = rows.remove(10);          // the store row moves above the pilot row: first match changes
        rows.add(8, store);
        Response saved = given().contentType(ContentType.JSON).body(edit("EU web to 30 %", MIGRATION, List.of(csvSheet(rows))))
                .post("/v1/rulesets/grids");
        saved.then().statusCode(201).body("status", equalTo("DRAFT")).body("note", equalTo("EU web to 30 %"))
                .body("baseRevision", equalTo(1)).body("files.name", hasItem("30-data-residency.drl.xlsx"));
        int revision = saved.path("revision");
        JsonPath after = grid(revision, MIGRATION);
        assertEquals(rows, rows(after));
        assertEquals("Store orders stay on the legacy OMS", after.getString("sheets[0].rows[8][0]"));
        byte[] file = given().get("/v1/rulesets/" + revision + "/files/" + MIGRATION).then().statusCode(200).extract().asByteArray();
        int again = RuleSetApiTest.upload(MIGRATION, file, Map.of("base", Integer.toString(revision))).then().statusCode(201)
                .extract().path("revision");
        assertEquals(after.getString("sha256"), grid(again, MIGRATION).getString("sha256"), "downloaded and uploaded again: the same sha");
    }

    @Test
    void aWorkbookKeepsItsFormattingAndItsUntouchedCellsWhenOneCellIsEdited() throws Exception {
        List<String[]> table = List.of(new String[] {"RuleSet", "io.arbiter.grid.test"}, new String[] {},
                new String[] {"RuleTable Grid owners"},
                new String[] {"NAME", "CONDITION", "CONDITION", "ACTION"},
                new String[] {"", "c: Command", "c: Command", ""},
                new String[] {"", "type == \"$param\"", "bucket < $param", "route.owner(\"$param\");"},
                new String[] {"Rule", "Type", "Bucket below", "Owner"},
                new String[] {"Grid orders", "GridOrder", "50", "grid-orders"});
        Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(Workbooks.xlsx("Owners", table)));
        Sheet sheet = workbook.getSheet("Owners");
        sheet.getRow(7).getCell(2).setCellValue(50d);                  // typed as a number in Excel
        CellStyle bold = workbook.createCellStyle();
        Font font = workbook.createFont();
        font.setBold(true);
        bold.setFont(font);
        sheet.getRow(6).getCell(3).setCellStyle(bold);                // the analyst's bold header
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        workbook.write(out);
        int base = RuleSetApiTest.upload("60-grid.drl.xlsx", out.toByteArray(), Map.of("base", "1")).then().statusCode(201)
                .extract().path("revision");

        JsonPath g = grid(base, "60-grid.drl.xlsx");
        List<List<String>> rows = rows(g);
        assertEquals("50", rows.get(7).get(2));
        rows.get(7).set(3, "grid-orders-v2");
        Map<String, Object> sheetEdit = Map.of("name", "Owners", "rows", rows);
        Map<String, Object> body = Map.of("base", base, "note", "new owner", "files",
                List.of(Map.of("name", "60-grid.drl.xlsx", "sheets", List.of(sheetEdit))));
        int revision = given().contentType(ContentType.JSON).body(body).post("/v1/rulesets/grids").then().statusCode(201)
                .extract().path("revision");

        byte[] saved = given().get("/v1/rulesets/" + revision + "/files/60-grid.drl.xlsx").then().statusCode(200).extract().asByteArray();
        try (Workbook w = WorkbookFactory.create(new ByteArrayInputStream(saved))) {
            Sheet s = w.getSheet("Owners");
            assertEquals("grid-orders-v2", s.getRow(7).getCell(3).getStringCellValue());
            assertEquals(CellType.NUMERIC, s.getRow(7).getCell(2).getCellType(), "an untouched number stays a number");
            Cell header = s.getRow(6).getCell(3);
            assertTrue(w.getFontAt(header.getCellStyle().getFontIndex()).getBold(), "the bold header stays bold");
        }
    }

    @Test
    void aMalformedEditIs400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"note\":\"x\"}").post("/v1/rulesets/grids").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("files"));
        given().contentType(ContentType.JSON).body("{\"files\":[{\"name\":\"a.drl.csv\",\"sheets\":[]}]}").post("/v1/rulesets/grids")
                .then().statusCode(400).body("errors[0].field", equalTo("files[0].sheets"));
        given().contentType(ContentType.JSON).body("{\"files\":[],\"colour\":1}").post("/v1/rulesets/grids/check").then()
                .statusCode(400).body("errors[0].field", equalTo("colour"));
        given().contentType(ContentType.JSON).body(Map.of("base", 1, "files", List.of(Map.of("name", "40-refund-controls.drl",
                        "sheets", List.of(Map.of("rows", List.of()))))))
                .post("/v1/rulesets/grids").then().statusCode(422).body("errors[0].message", containsString("grid"));
    }
}

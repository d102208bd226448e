package io.arbiter.api;

import io.arbiter.support.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** GET /v1/rulesets/{revision}/diff: what a release manager sees changed between two revisions. */
@QuarkusTest
class RevisionDiffApiTest {
    static final String FILE = "60-diff-desks.drl.csv";
    static final String DESKS = "files.find { it.name == '" + FILE + "' }";

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    /** A CSV table "Diff desks" (rows start at spreadsheet row 8): rule name, command type, market, owner. */
    static String desks(String... rows) {
        return String.join("\n", "RuleSet,io.arbiter.test", ",", "RuleTable Diff desks", "NAME,CONDITION,CONDITION,ACTION",
                ",c: Command...,c: Command...,", ",\"type == \"\"$param\"\"\",\"market == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"",
                "Rule,Command type,Market,Owner", String.join("\n", rows)) + "\n";
    }

    static final String BEFORE = desks(
            "Diff archive in EU,ArchiveOrder,EU,eu-archive",
            "Diff archive elsewhere,ArchiveOrder,,archive",
            "Diff restore,RestoreOrder,,restore-desk");
    static final String AFTER = desks(
            "Diff archive in EU,ArchiveOrder,EU,eu-archive-desk",
            "Diff archive in UK,ArchiveOrder,UK,uk-archive",
            "Diff archive elsewhere,ArchiveOrder,,archive");

    static int upload(String name, byte[] content, Integer base) {
        RequestSpecification r = given().multiPart("file", name, content);
        if (base != null) {
            r.multiPart("base", base.toString());
        }
        return r.post("/v1/rulesets").then().statusCode(201).extract().path("revision");
    }

    static int upload(String name, String csv, Integer base) {
        return upload(name, csv.getBytes(StandardCharsets.UTF_8), base);
    }

    static int active() {
        return given().get("/v1/rulesets/active").then().statusCode(200).extract().path("revision");
    }

    static String sha256(int revision, String file) {
        return given().get("/v1/rulesets/" + revision).then().statusCode(200)
                .extract().path("files.find { it.name == '" + file + "' }.sha256");
    }

    static ValidatableResponse diff(String uri) {
        return given().get(uri).then().statusCode(200).contentType("application/json");
    }

    @Test
    void aTableChangeIsReportedByRowAndCellAgainstTheRevisionItWasUploadedOn() {
        int before = upload(FILE, BEFORE, null);
        int after = upload(FILE, AFTER, before);
        diff("/v1/rulesets/" + after + "/diff")
                .body("revision", equalTo(after))
                .body("against", equalTo(before))
                .body(DESKS + ".change", equalTo("CHANGED"))
                .body(DESKS + ".sha256.after", equalTo(sha256(after, FILE)))
                .body(DESKS + ".sha256.before", equalTo(sha256(before, FILE)))
                .body(DESKS + ".tables.size()", equalTo(1))
                .body(DESKS + ".tables[0].name", equalTo("Diff desks"))
                .body(DESKS + ".tables[0].sheet", nullValue())
                .body(DESKS + ".tables[0].change", equalTo("CHANGED"))
                .body(DESKS + ".tables[0].matchedBy", equalTo("NAME"))
                .body(DESKS + ".tables[0].columns", empty())
                .body(DESKS + ".tables[0].rows.change", equalTo(List.of("CHANGED", "ADDED", "REMOVED")))
                .body(DESKS + ".tables[0].rows[0].rule", equalTo("Diff archive in EU"))
                .body(DESKS + ".tables[0].rows[0].row.before", equalTo(8))
                .body(DESKS + ".tables[0].rows[0].row.after", equalTo(8))
                .body(DESKS + ".tables[0].rows[0].moved", equalTo(false))
                .body(DESKS + ".tables[0].rows[0].cells", equalTo(List.of(
                        Map.of("column", "Owner", "before", "eu-archive", "after", "eu-archive-desk"))))
                .body(DESKS + ".tables[0].rows[1].rule", equalTo("Diff archive in UK"))
                .body(DESKS + ".tables[0].rows[1].row.before", nullValue())
                .body(DESKS + ".tables[0].rows[1].row.after", equalTo(9))
                .body(DESKS + ".tables[0].rows[1].cells.column", equalTo(List.of("Rule", "Command type", "Market", "Owner")))
                .body(DESKS + ".tables[0].rows[1].cells.after", equalTo(List.of("Diff archive in UK", "ArchiveOrder", "UK", "uk-archive")))
                .body(DESKS + ".tables[0].rows[2].rule", equalTo("Diff restore"))
                .body(DESKS + ".tables[0].rows[2].row.before", equalTo(10))
                .body(DESKS + ".tables[0].rows[2].row.after", nullValue())
                .body(DESKS + ".tables[0].rows[2].cells.before", equalTo(List.of("Diff restore", "RestoreOrder", "restore-desk")))
                .body(DESKS + ".lines", nullValue())
                // The files the upload did not touch: the same bytes, nothing to compare.
                .body("files.findAll { it.name != '" + FILE + "' }.change", everyItem(equalTo("UNCHANGED")))
                .body("files.findAll { it.name != '" + FILE + "' }", everyItem(not(hasKey("tables"))))
                .body("files.name", hasItems("10-ownership.drl.xlsx", "40-refund-controls.drl", FILE));
    }

    @Test
    void anyTwoRevisionsCompareEitherWay() {
        int before = upload(FILE, BEFORE, null);
        int after = upload(FILE, AFTER, before);
        diff("/v1/rulesets/" + before + "/diff?against=" + after)
                .body("revision", equalTo(before))
                .body("against", equalTo(after))
                .body(DESKS + ".tables[0].rows.change", equalTo(List.of("CHANGED", "REMOVED", "ADDED")))
                .body(DESKS + ".tables[0].rows.rule", equalTo(List.of("Diff archive in EU", "Diff archive in UK", "Diff restore")));
        // Against the revision it was uploaded on, the first upload added the file and all it holds.
        diff("/v1/rulesets/" + before + "/diff")
                .body(DESKS + ".change", equalTo("ADDED"))
                .body(DESKS + ".sha256.before", nullValue())
                .body(DESKS + ".tables[0].change", equalTo("ADDED"))
                .body(DESKS + ".tables[0].rows.change", equalTo(List.of("ADDED", "ADDED", "ADDED")));
        diff("/v1/rulesets/" + after + "/diff?against=" + after).body("files.change", everyItem(equalTo("UNCHANGED")));
    }

    @Test
    void aWorkbookSavedAgainWithTheSameCellsIsUnchangedThoughItsBytesDiffer() {
        List<String[]> cells = Workbooks.csv(BEFORE.strip());
        String name = "60-diff-desks.drl.xlsx";
        int before = upload(name, Workbooks.xlsx("Desks", cells), null);
        Map<String, List<String[]>> withNotes = new LinkedHashMap<>();
        withNotes.put("Desks", cells);
        withNotes.put("Notes", List.<String[]>of(new String[] {"Reviewed with the archive team"}));
        int after = upload(name, Workbooks.xlsx(withNotes), before);
        String file = "files.find { it.name == '" + name + "' }";
        ValidatableResponse r = diff("/v1/rulesets/" + after + "/diff")
                .body(file + ".change", equalTo("UNCHANGED"))
                .body(file + ".tables[0].name", equalTo("Diff desks"))
                .body(file + ".tables[0].sheet", equalTo("Desks"))
                .body(file + ".tables[0].change", equalTo("UNCHANGED"))
                .body(file + ".tables[0].rows", empty());
        String shaBefore = r.extract().path(file + ".sha256.before");
        r.body(file + ".sha256.after", not(equalTo(shaBefore)));
    }

    @Test
    void drlIsComparedLineByLine() {
        int active = active();
        String refunds = new String(given().get("/v1/rulesets/" + active + "/files/40-refund-controls.drl").then().statusCode(200)
                .extract().asByteArray(), StandardCharsets.UTF_8);
        int after = upload("40-refund-controls.drl", refunds.replace("5000", "7000"), active);
        String file = "files.find { it.name == '40-refund-controls.drl' }";
        diff("/v1/rulesets/" + after + "/diff")
                .body(file + ".change", equalTo("CHANGED"))
                .body(file + ".tables", nullValue())
                .body(file + ".lines[0]", startsWith("@@ -"))
                .body(file + ".lines", hasItems("-rule \"Refunds over 5000 pass legacy financial controls\"",
                        "+rule \"Refunds over 7000 pass legacy financial controls\"",
                        " when"));
    }

    @Test
    void withoutABaseRevisionTheActiveOneIsComparedAgainst() {
        List<Map<String, Object>> revisions = given().get("/v1/rulesets").then().statusCode(200).extract().path("");
        int bundled = revisions.stream().filter(r -> r.get("baseRevision") == null).mapToInt(r -> (Integer) r.get("revision"))
                .min().orElseThrow();
        int active = active();
        diff("/v1/rulesets/" + bundled + "/diff").body("revision", equalTo(bundled)).body("against", equalTo(active));
    }

    @Test
    void anUnknownRevisionIs404NamingIt() {
        given().get("/v1/rulesets/999999/diff").then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Not found")).body("detail", equalTo("Revision 999999 does not exist"));
        given().get("/v1/rulesets/" + active() + "/diff?against=999998").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Revision 999998 (against) does not exist"));
    }

    @Test
    void aRevisionThatIsNotANumberIs400NamingIt() {
        given().get("/v1/rulesets/1/diff?against=abc").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("against")).body("errors[0].message", equalTo("not a whole number"));
        given().get("/v1/rulesets/1/diff?against=1.5").then().statusCode(400).body("errors[0].field", equalTo("against"));
        given().get("/v1/rulesets/latest/diff").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("revision"));
        given().get("/v1/rulesets/1/diff?agianst=2").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("agianst")).body("errors[0].message", containsString("[against]"));
    }

    @Test
    void readersOfRuleSetsMayDiffThemAndNoOneElse() {
        String uri = "/v1/rulesets/" + active() + "/diff";
        for (String role : List.of("analyst", "engineer", "approver")) {
            Tokens.as("diff-" + role, role).get(uri).then().statusCode(200);
        }
        for (String role : List.of("decider", "auditor")) {
            Tokens.as("diff-" + role, role).get(uri).then().statusCode(403)
                    .contentType("application/problem+json").body("title", equalTo("Forbidden"));
        }
        Tokens.asTenant("diff-acme", "acme", "analyst").get(uri).then().statusCode(200);
        given().header("Authorization", "Bearer not.a.jwt").get(uri).then().statusCode(401)
                .contentType("application/problem+json");
        Tokens.actAsNobody();
        try {
            given().get(uri).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"));
        } finally {
            Tokens.actAsTester();
        }
    }
}

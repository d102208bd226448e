package io.arbiter.ruleset;

import io.arbiter.support.Tables;
import io.arbiter.support.Workbooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table allow-list, one case per way out of it: everything the analyst guide does not list is a
 * 422 naming its cell, in CSV and in XLSX alike — and nothing of it runs.
 */
class TableAllowListTest {
    static final String EXEC = "java.lang.Runtime.getRuntime().exec(\"touch " + TableInjectionTest.MARKER + "\").waitFor()";

    static final String VALID = Tables.VALID;

    static Stream<Arguments> ruleSetProperties() {
        return Stream.of("Timer", "Enabled", "Agenda-Group", "Salience", "Duration", "Sequential", "No-Loop", "Calendars",
                        "Auto-Focus", "Activation-Group", "RuleFlow-Group", "Lock-On-Active", "Date-Effective", "Date-Expires",
                        "Dialect", "Import", "Variables", "Functions", "Queries", "Declare", "Unit", "EscapeQuotes",
                        "NumericDisabled", "SequentialMaxPriority", "Metadata")
                .map(keyword -> Arguments.of(keyword, keyword.equals("Timer") ? Tables.timer(TableInjectionTest.MARKER)
                        : Tables.withRuleSetProperty(keyword, keyword.equals("Functions") ? "function void boom() { " + EXEC + "; }" : "true")));
    }

    @ParameterizedTest(name = "{0} in CSV")
    @MethodSource("ruleSetProperties")
    void aRuleSetLevelPropertyIsRejectedAtItsCellInCsv(String keyword, String csv) {
        assertRejectedAt(new RuleSetFile("50-x.drl.csv", csv.getBytes(StandardCharsets.UTF_8)), 2, "A", "Drools keyword");
    }

    @ParameterizedTest(name = "{0} in XLSX")
    @MethodSource("ruleSetProperties")
    void aRuleSetLevelPropertyIsRejectedAtItsCellInXlsx(String keyword, String csv) {
        assertRejectedAt(new RuleSetFile("50-x.drl.xlsx", Workbooks.xlsx("Rules", Workbooks.csv(csv))), 2, "A", "Drools keyword");
    }

    @Test
    void aFunctionsBlockBelowTheLastRowInAnotherColumnIsRejected() {
        String csv = VALID + "\n,,,,,Functions,\"function void boom() { " + EXEC.replace("\"", "\"\"") + "; }\"";
        assertRejectedAt(RuleSets.file("50-x.drl.csv", csv), 9, "F", "Drools keyword");
    }

    @Test
    void aFunctionsBlockAfterTheTableIsRejected() {
        String csv = VALID + "\n,\nFunctions,\"function void boom() { " + EXEC.replace("\"", "\"\"") + "; }\"";
        assertRejectedAt(RuleSets.file("50-x.drl.csv", csv), 10, "A", "Drools keyword");
    }

    @Test
    void aTableWithoutHeaderRowsIsRejectedAtItsName() {
        assertRejectedAt(RuleSets.file("50-x.drl.csv", "RuleSet,io.arbiter.x\n,\nRuleTable Everything\n"), 3, "A", "has no header rows");
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID + "\n,\nRuleTable Catch all\n"), 10, "A", "has no header rows");
    }

    @Test
    void aTableWithoutAnActionIsRejectedAtItsName() {
        String csv = "RuleSet,io.arbiter.x\n,\nRuleTable Quiet\nNAME,CONDITION\n,c: Command\n,\"type == \"\"$param\"\"\"\nRule,Type\nR,X\n";
        assertRejectedAt(RuleSets.file("50-x.drl.csv", csv), 3, "A", "sets nothing");
    }

    @Test
    void aValueRightOfTheTableIsRejected() {
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID + ",,salience 100"), 8, "E", "not part of a table");
    }

    @Test
    void notesOnATableSheetAreRejectedButASheetWithoutATableIsIgnored() {
        assertRejectedAt(RuleSets.file("50-x.drl.csv", "Owned by the order team\n" + VALID), 1, "A", "not part of a table");
        java.util.Map<String, List<String[]>> sheets = new java.util.LinkedHashMap<>();
        sheets.put("Notes", List.<String[]>of(new String[] {"Timer", "int:0 1s"}, new String[] {"Functions", "anything"}));
        sheets.put("Rules", Workbooks.csv(VALID));
        assertEquals(1, RuleSets.compile(new RuleSetFile("50-x.drl.xlsx", Workbooks.xlsx(sheets))).ruleCount());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java.lang.Runtime", "java.lang", "org.drools.core", "io.arbiter.class", "Io.Arbiter", "io..x", "io.x;"})
    void aRuleSetNameThatIsNotAPlainLowerCasePackageIsRejected(String name) {
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID.replace("io.arbiter.x", name)), 1, "B", "dotted lower-case name");
    }

    @Test
    void aTableWithoutANameAndAPlaceholderFreeTemplateAreRejected() {
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID.replace("RuleTable X", "RuleTable")), 3, "A", "needs a name");
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID.replace("\"type == \"\"$param\"\"\"", "\"type == \"\"PlaceOrder\"\"\"")),
                6, "B", "holds a placeholder");
    }

    @Test
    void aTemplateInANameColumnOrAnObjectTypeOverAnActionIsRejected() {
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID.replace("\n,\"type", "\nsalience 10,\"type")), 6, "A", "no code template");
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID.replace(",c: Command,", ",c: Command,c: Command")), 5, "C", "no object type");
    }

    @Test
    void deeplyNestedTemplatesAndOverlongValuesAreRejectedWithTheirCells() {
        String nested = "(".repeat(5000) + "type == \"\"$param\"\"" + ")".repeat(5000);
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID.replace("\"type == \"\"$param\"\"\"", "\"" + nested + "\"")), 6, "B",
                "nested more than");
        assertRejectedAt(RuleSets.file("50-x.drl.csv", VALID.replace("x-owner", "o".repeat(1001))), 8, "C", "at most 1000 characters");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a\u0000b", "a\u0007b", "a\ud800b", "a\udc00b"})
    void aCellThatIsNotCleanTextIsRejectedWhereverItIs(String text) {
        for (String csv : List.of(VALID.replace("X row", text), VALID + "\n,\nNotes," + text)) {
            // Neither UTF-8 nor XLSX's XML can carry a lone surrogate (their writers put '?'); XLS's UTF-16 can.
            boolean surrogate = text.chars().anyMatch(c -> Character.isSurrogate((char) c));
            RuleSetFile file = surrogate ? new RuleSetFile("50-x.drl.xls", Workbooks.xls("Rules", Workbooks.csv(csv)))
                    : new RuleSetFile("50-x.drl.csv", csv.getBytes(StandardCharsets.UTF_8));
            List<RuleSetError> errors = assertThrows(RuleSetRejectedException.class, () -> RuleSets.compile(file)).errors();
            assertTrue(errors.stream().anyMatch(e -> e.message().startsWith("The cell contains")), errors.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C0 80", "E0 80 80", "ED A0 80", "ED B0 80", "F5 80 80 80", "FF", "C3"})
    void aCsvThatIsNotUtf8IsRejectedWithItsLine(String hex) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(VALID.replace("X row", "X").getBytes(StandardCharsets.UTF_8));
        for (String b : hex.split(" ")) {
            bytes.write(Integer.parseInt(b, 16));
        }
        bytes.writeBytes(" row\n".getBytes(StandardCharsets.UTF_8));
        List<RuleSetError> errors = assertThrows(RuleSetRejectedException.class,
                () -> RuleSets.compile(new RuleSetFile("50-x.drl.csv", bytes.toByteArray()))).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(8, errors.get(0).row(), errors.toString());
        assertTrue(errors.get(0).message().startsWith("The file is not valid UTF-8"), errors.toString());
    }

    private static void assertRejectedAt(RuleSetFile file, int row, String column, String says) {
        List<RuleSetError> errors = assertThrows(RuleSetRejectedException.class, () -> RuleSets.compile(file).warmUp(1)).errors();
        assertTrue(errors.stream().anyMatch(e -> e.row() != null && e.row() == row && column.equals(e.column())
                        && e.message().contains(says)),
                "expected '" + says + "' at " + column + row + ", got " + errors);
        assertFalse(Files.exists(TableInjectionTest.MARKER), "the payload ran");
    }

    @AfterAll
    static void noPayloadEverRan() {
        assertFalse(Files.exists(TableInjectionTest.MARKER), "a payload ran");
    }
}

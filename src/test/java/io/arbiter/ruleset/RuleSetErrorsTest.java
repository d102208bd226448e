package io.arbiter.ruleset;

import io.arbiter.support.Workbooks;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.arbiter.ruleset.RuleSets.compile;
import static io.arbiter.ruleset.RuleSets.file;
import static io.arbiter.ruleset.RuleSets.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An analyst's mistake comes back located to file, sheet, row and column — never as a stack trace. */
class RuleSetErrorsTest {
    static final String[] OWNER_BY_MARKET = {"CONDITION|market == \"$param\"|Market", "ACTION|route.owner(\"$param\");|Owner"};

    static List<RuleSetError> errors(RuleSetFile... files) {
        return assertThrows(RuleSetRejectedException.class, () -> compile(files)).errors();
    }

    @Test
    void aMisspeltFieldInAColumnTemplateIsLocatedToTheTemplateCell() {
        String csv = table("Owners", new String[] {"CONDITION|markt == \"$param\"|Market", "ACTION|route.owner(\"$param\");|Owner"},
                "EU orders,EU,eu-orders", "US orders,US,us-orders");
        List<RuleSetError> errors = errors(file("10-owners.drl.csv", csv));
        assertEquals(List.of(new Located("10-owners.drl.csv", null, 6, "B")), errors.stream().map(Located::of).toList());
        assertTrue(errors.get(0).message().contains("'markt' is not a field of the command"), errors.get(0).message());
    }

    @Test
    void anUnknownModeIsLocatedToItsCell() {
        String csv = table("Modes", new String[] {"CONDITION|type == \"$param\"|Type", "ACTION|route.mode(\"$param\");|Mode"},
                "Orders,PlaceOrder,DIRECT", "Refunds,IssueRefund,SIDEWAYS");
        List<RuleSetError> errors = errors(file("10-modes.drl.csv", csv));
        assertEquals(List.of(new Located("10-modes.drl.csv", null, 9, "C")), errors.stream().map(Located::of).toList());
        assertTrue(errors.get(0).message().contains("'SIDEWAYS' is not a mode"), errors.get(0).message());
        assertTrue(errors.get(0).message().contains("column 'Mode'"), errors.get(0).message());
    }

    @Test
    void anUnreadableDateIsLocatedToItsCell() {
        String csv = table("Dated", new String[] {"CONDITION|type == \"$param\"|Type", "ACTION|route.owner(\"$param\");|Owner",
                "DATE-EFFECTIVE||From", "DATE-EXPIRES||Until"}, "Orders,PlaceOrder,orders,next tuesday,next tuesday");
        List<RuleSetError> errors = errors(file("10-dated.drl.csv", csv));
        assertEquals(List.of(new Located("10-dated.drl.csv", null, 8, "D"), new Located("10-dated.drl.csv", null, 8, "E")),
                errors.stream().map(Located::of).toList());
        assertTrue(errors.get(0).message().contains("'next tuesday' is not a date"), errors.get(0).message());
    }

    @Test
    void workbookErrorsNameTheSheet() {
        String csv = table("Owners", new String[] {"CONDITION|market == $param|Market", "ACTION|route.owner(\"$param\");|Owner"},
                "Bad constraint,\"EU\" +,eu-orders");
        byte[] xlsx = Workbooks.xlsx("Ownership 2027", Workbooks.csv(csv.strip()));
        List<RuleSetError> errors = errors(new RuleSetFile("10-owners.drl.xlsx", xlsx));
        assertEquals(List.of(new Located("10-owners.drl.xlsx", "Ownership 2027", 6, "B")),
                errors.stream().map(Located::of).toList());
        assertTrue(errors.get(0).message().contains("market is compared with text in quotes"), errors.get(0).message());
    }

    @Test
    void aHeaderWithoutCodeIsLocatedToTheHeaderCell() {
        String csv = "RuleSet,x\n,\nRuleTable Broken\nNAME,CONDITION,ACTION\n,c: Command,\n,,\"route.owner(\"\"$param\"\");\"\nRule,Market,Owner\nEU,EU,eu\n";
        List<RuleSetError> errors = errors(file("10-broken.drl.csv", csv));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("10-broken.drl.csv", errors.get(0).file());
        assertEquals(6, errors.get(0).row(), errors.toString());
        assertEquals("B", errors.get(0).column(), errors.toString());
        assertTrue(errors.get(0).message().contains("has values (first in row 8) but no code template"), errors.toString());
    }

    @Test
    void aDrlSyntaxErrorNamesFileAndLine() {
        String drl = "package x;\nimport io.arbiter.decision.Command;\nglobal io.arbiter.decision.Route route;\n"
                + "rule \"Broken\"\nwhen\n  Command(type == )\nthen\n  route.owner(\"x\");\nend\n";
        List<RuleSetError> errors = errors(new RuleSetFile("40-broken.drl", drl.getBytes(StandardCharsets.UTF_8)));
        assertEquals("40-broken.drl", errors.get(0).file());
        assertEquals(6, errors.get(0).row(), errors.toString());
    }

    @Test
    void aDrlFileThatIsNotCleanTextIsRejectedWithItsLine() {
        String drl = "package x;\nimport io.arbiter.decision.Command;\nglobal io.arbiter.decision.Route route;\n"
                + "rule \"Nul\"\nwhen\n  Command(type == \"a\u0000b\")\nthen\n  route.owner(\"x\");\nend\n";
        List<RuleSetError> nul = errors(new RuleSetFile("40-nul.drl", drl.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(new Located("40-nul.drl", null, 6, null)), nul.stream().map(Located::of).toList());
        assertTrue(nul.get(0).message().contains("NUL"), nul.toString());
        byte[] overlong = drl.replace("\u0000", "").getBytes(StandardCharsets.UTF_8);
        byte[] cesu = java.util.Arrays.copyOf(overlong, overlong.length + 3);
        System.arraycopy(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, cesu, overlong.length, 3);
        List<RuleSetError> notUtf8 = errors(new RuleSetFile("40-cesu.drl", cesu));
        assertEquals(List.of(new Located("40-cesu.drl", null, 10, null)), notUtf8.stream().map(Located::of).toList());
        assertTrue(notUtf8.get(0).message().startsWith("The file is not valid UTF-8"), notUtf8.toString());
    }

    @Test
    void aDrlRuleThatDoesNotMatchOnCommandIsRejected() {
        String drl = "package x;\nglobal io.arbiter.decision.Route route;\n"
                + "rule \"Always\"\nwhen\nthen\n  route.owner(\"x\");\nend\n";
        List<RuleSetError> errors = errors(new RuleSetFile("40-always.drl", drl.getBytes(StandardCharsets.UTF_8)));
        assertEquals("40-always.drl", errors.get(0).file());
        assertTrue(errors.get(0).message().contains("Rule 'Always' does not match on Command"), errors.toString());
    }

    @Test
    void duplicateRuleNamesAreRejected() {
        String csv = table("Owners", OWNER_BY_MARKET, "Same phrase,EU,eu", "Same phrase,US,us");
        List<RuleSetError> errors = errors(file("10-owners.drl.csv", csv));
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("Same phrase")), errors.toString());
    }

    @Test
    void unsupportedNamesUnreadableWorkbooksAndSheetsWithoutTablesAreFileErrors() {
        assertEquals(List.of(new Located("owners.xlsx", null, null, null)),
                errors(new RuleSetFile("owners.xlsx", new byte[] {1})).stream().map(Located::of).toList());
        List<RuleSetError> garbage = errors(new RuleSetFile("10-owners.drl.xlsx", "not a zip".getBytes(StandardCharsets.UTF_8)));
        assertEquals("10-owners.drl.xlsx", garbage.get(0).file());
        assertTrue(garbage.get(0).message().startsWith("Not a readable XLSX workbook"), garbage.get(0).message());
        List<RuleSetError> empty = errors(new RuleSetFile("10-notes.drl.xlsx",
                Workbooks.xlsx("Notes", List.<String[]>of(new String[] {"just notes"}))));
        assertEquals("No worksheet holds a 'RuleTable' cell", empty.get(0).message());
    }

    @Test
    void errorsFromEveryFileAreReportedTogether() {
        List<RuleSetError> errors = errors(
                file("10-a.drl.csv", table("A", new String[] {"CONDITION|type == \"$param\"|T", "ACTION|route.mode(\"$param\");|M"}, "r,PlaceOrder,NOPE")),
                new RuleSetFile("20-b.txt", new byte[] {1}));
        assertEquals(List.of("10-a.drl.csv", "20-b.txt"), errors.stream().map(RuleSetError::file).toList());
    }

    record Located(String file, String sheet, Integer row, String column) {
        static Located of(RuleSetError e) {
            return new Located(e.file(), e.sheet(), e.row(), e.column());
        }
    }
}

package io.arbiter.ruleset;

import io.arbiter.ruleset.RevisionDiff.Change;
import io.arbiter.ruleset.RevisionDiff.FileChange;
import io.arbiter.ruleset.RevisionDiff.TableChange;
import io.arbiter.support.Workbooks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.arbiter.ruleset.RuleSets.file;
import static io.arbiter.ruleset.RuleSets.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Whole files, read by the table reader: what the analyst sees is compared, not bytes. */
class RevisionDiffFilesTest {
    static final String[] COLUMNS = {"CONDITION|type == \"$param\"|Type", "ACTION|route.owner(\"$param\");|Owner",
            "DESCRIPTION||Why"};
    static final String OWNERS = table("Owners", COLUMNS,
            "Orders,PlaceOrder,orders,Orders are placed by order management",
            "Refunds,IssueRefund,payments,Refunds are money");

    @Test
    void aCsvTableIsComparedCellByCellUnderTheLabelsTheAnalystWrote() {
        String after = OWNERS.replace("payments,Refunds are money", "payments,Refunds move money");
        FileChange change = RevisionDiffs.file("50-owners.drl.csv", file("50-owners.drl.csv", OWNERS), file("50-owners.drl.csv", after));
        assertEquals(Change.CHANGED, change.change());
        assertNull(change.lines());
        TableChange table = change.tables().get(0);
        assertEquals("Owners CHANGED by NAME; CHANGED 9>9 'Refunds' [Why: Refunds are money>Refunds move money]",
                table.name() + " " + TableDiffTest.render(table));
        assertNull(table.sheet());
    }

    @Test
    void theScenarioRolloutStepIsOneRowRenamedAndEditedWhereItStood() throws Exception {
        String name = "20-order-migration.drl.csv";
        Path scenario = Path.of("simulator/scenarios/eu-web-rollout-10-to-30");
        TableChange table = RevisionDiffs.file(name, new RuleSetFile(name, Files.readAllBytes(scenario.resolve("before").resolve(name))),
                new RuleSetFile(name, Files.readAllBytes(scenario.resolve("after").resolve(name)))).tables().get(0);
        assertEquals("CHANGED by NAME; CHANGED 10>10 'EU web orders in the 30 % rollout go to the new orchestrator' ["
                + "Rule: EU web orders in the 10 % rollout go to the new orchestrator>EU web orders in the 30 % rollout go to the new orchestrator, "
                + "Rollout bucket below: 10>30, "
                + "Why: Strangler step 1: one in ten EU direct-to-consumer web orders>Strangler step 3: three in ten EU direct-to-consumer web orders]",
                TableDiffTest.render(table));
    }

    @Test
    void aWorkbookSavedAgainWithTheSameCellsIsUnchangedThoughItsBytesDiffer() {
        List<String[]> cells = Workbooks.csv(OWNERS.strip());
        byte[] before = Workbooks.xlsx("Owners", cells);
        Map<String, List<String[]>> withNotes = new LinkedHashMap<>();
        withNotes.put("Owners", cells);
        withNotes.put("Notes", List.<String[]>of(new String[] {"Reviewed with the payments team"}));
        byte[] after = Workbooks.xlsx(withNotes);
        FileChange change = RevisionDiffs.file("10-owners.drl.xlsx", new RuleSetFile("10-owners.drl.xlsx", before),
                new RuleSetFile("10-owners.drl.xlsx", after));
        assertNotEquals(change.sha256Before(), change.sha256After());
        assertEquals(Change.UNCHANGED, change.change());
        assertEquals(List.of("Owners UNCHANGED Owners"), change.tables().stream()
                .map(t -> t.name() + " " + t.change() + " " + t.sheet()).toList());
    }

    @Test
    void aWorkbookRowChangeIsReportedAtTheRowTheAnalystSees() {
        byte[] before = Workbooks.xlsx("Owners", Workbooks.csv(OWNERS.strip()));
        byte[] after = Workbooks.xlsx("Owners", Workbooks.csv(OWNERS.replace("IssueRefund,payments", "IssueRefund,refunds").strip()));
        TableChange table = RevisionDiffs.file("10-owners.drl.xlsx", new RuleSetFile("10-owners.drl.xlsx", before),
                new RuleSetFile("10-owners.drl.xlsx", after)).tables().get(0);
        assertEquals("CHANGED by NAME; CHANGED 9>9 'Refunds' [Owner: payments>refunds]", TableDiffTest.render(table));
    }

    @Test
    void otherLineEndsInACsvAreNoChange() {
        FileChange change = RevisionDiffs.file("50-owners.drl.csv", file("50-owners.drl.csv", OWNERS),
                file("50-owners.drl.csv", OWNERS.replace("\n", "\r\n")));
        assertEquals(Change.UNCHANGED, change.change());
        assertNotEquals(change.sha256Before(), change.sha256After());
    }

    @Test
    void tablesAreAddedAndRemovedWithinAFileByName() {
        String second = table("Desks", COLUMNS, "Archive,ArchiveOrder,archive-desk,Archiving");
        String both = OWNERS + "\n" + second.substring(second.indexOf("RuleTable"));
        FileChange added = RevisionDiffs.file("50-owners.drl.csv", file("50-owners.drl.csv", OWNERS), file("50-owners.drl.csv", both));
        assertEquals(List.of("Owners UNCHANGED", "Desks ADDED"), added.tables().stream().map(t -> t.name() + " " + t.change()).toList());
        assertEquals(Change.CHANGED, added.change());
        FileChange removed = RevisionDiffs.file("50-owners.drl.csv", file("50-owners.drl.csv", both), file("50-owners.drl.csv", OWNERS));
        assertEquals(List.of("Owners UNCHANGED", "Desks REMOVED"), removed.tables().stream().map(t -> t.name() + " " + t.change()).toList());
    }

    @Test
    void filesAddedRemovedOrTheSameBytes() {
        FileChange added = RevisionDiffs.file("50-owners.drl.csv", null, file("50-owners.drl.csv", OWNERS));
        assertEquals(Change.ADDED, added.change());
        assertNull(added.sha256Before());
        assertEquals("ADDED ADDED ADDED", added.change() + " " + added.tables().get(0).change() + " "
                + added.tables().get(0).rows().get(0).change());
        FileChange removed = RevisionDiffs.file("40-x.drl", file("40-x.drl", "rule \"x\"\nend\n"), null);
        assertEquals(Change.REMOVED, removed.change());
        assertEquals(List.of("@@ -1,2 +0,0 @@", "-rule \"x\"", "-end"), removed.lines());
        FileChange same = RevisionDiffs.file("50-owners.drl.csv", file("50-owners.drl.csv", OWNERS), file("50-owners.drl.csv", OWNERS));
        assertEquals(Change.UNCHANGED, same.change());
        assertNull(same.tables());
        assertEquals(same.sha256Before(), same.sha256After());
    }

    @Test
    void drlIsComparedLineByLine() {
        String before = "package p;\n\nrule \"x\"\nwhen\n    Command(type == \"A\")\nthen\nend\n";
        FileChange change = RevisionDiffs.file("40-x.drl", file("40-x.drl", before), file("40-x.drl", before.replace("\"A\"", "\"B\"")));
        assertEquals(Change.CHANGED, change.change());
        assertNull(change.tables());
        assertEquals(List.of("@@ -2,6 +2,6 @@", " ", " rule \"x\"", " when", "-    Command(type == \"A\")", "+    Command(type == \"B\")",
                " then", " end"), change.lines());
    }
}

package io.arbiter.ruleset;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.arbiter.decision.FactType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The new-table template follows the fact model and the route, and compiles; file names convert as documented. */
class TableTemplateTest {

    @Test
    void everyFactAKindOfCommandIsRoutedByIsAConditionColumnAndEveryRouteFieldAnAction() {
        TableGrids.Table table = TableTemplate.grid("25-new.drl.csv", "New").get(0).tables().get(0);
        List<String> conditions = table.columns().stream().filter(c -> c.kind().equals("CONDITION")).map(TableGrids.Column::template).toList();
        for (FactField field : FactModel.FIELDS) {
            boolean offered = field != FactModel.COMMAND_ID && field != FactModel.BUSINESS_KEY && field.type() != FactType.ATTRIBUTES
                    && field.type() != FactType.SIGNAL;
            assertEquals(offered, conditions.stream().anyMatch(t -> t.contains(field.name() + " ")), field.name());
        }
        List<String> actions = table.columns().stream().filter(c -> c.kind().equals("ACTION")).map(TableGrids.Column::template).toList();
        assertEquals(RouteAction.FIELDS.size(), actions.size());
        for (String field : RouteAction.FIELDS) {
            assertTrue(actions.contains("route." + field + "(\"$param\");"), field);
        }
        assertEquals(List.of(), table.rows(), "no rule until the analyst writes one");
    }

    @Test
    void theTemplateWithOneRuleCompilesBesideTheBundledTablesAsCsvAndAsAWorkbook() {
        for (String name : List.of("25-new.drl.csv", "25-new.drl.xlsx", "25-new.drl.xls")) {
            TableGrids.Sheet sheet = TableTemplate.grid(name, "New desk").get(0);
            List<List<String>> rows = new ArrayList<>(sheet.rows());
            List<String> rule = new ArrayList<>();
            for (TableGrids.Column column : sheet.tables().get(0).columns()) {
                rule.add(switch (column.label()) {
                    case "Rule" -> "New desk owns new commands";
                    case "Command types" -> "NewCommand, OtherNewCommand";
                    case "Rollout bucket below" -> "50";
                    case "Owner" -> "new-desk";
                    case "Mode" -> "ASYNC";
                    case "Effective from" -> "2026-01-01";
                    default -> "";
                });
            }
            rows.add(rule);
            List<RuleSetFile> files = new ArrayList<>(BundledRuleSet.load());
            files.add(TableGrids.write(name, List.of(new TableGrids.SheetText(sheet.name(), rows)), null));
            assertEquals(18, TestSignals.compiler().compile(0, files).ruleCount(), name);
        }
    }

    @Test
    void namesAreCheckedAsTheServerRefusesThem() {
        assertNull(TableTemplate.fileNameProblem("25-eu-store-pilot.drl.xlsx"));
        assertTrue(TableTemplate.fileNameProblem("25-eu-store-pilot.drl").contains(".drl.csv"));
        assertTrue(TableTemplate.fileNameProblem("../25.drl.csv").contains("no path"));
        assertTrue(TableTemplate.fileNameProblem(null).startsWith("required"));
        assertNull(TableTemplate.tableNameProblem("EU store pilot"));
        assertTrue(TableTemplate.tableNameProblem("Say \"hi\"").contains("plain text"));
        assertThrows(IllegalArgumentException.class, () -> TableTemplate.grid("25.drl", "T"));
    }

    @Test
    void thePackageIsTheTableNameWhenThatMakesOne() {
        assertEquals("io.arbiter.policy.eu_store_pilot", TableTemplate.packageName("EU store pilot"));
        assertEquals("io.arbiter.policy.tables", TableTemplate.packageName("New"), "a Java keyword is no package");
        assertEquals("io.arbiter.policy.tables", TableTemplate.packageName("2026 pilot"));
        assertEquals("io.arbiter.policy.tables", TableTemplate.packageName("Übersee"));
    }

    @Test
    void aConvertedFileIsNamedForItsFormat() {
        assertEquals("20-order-migration.drl.xlsx", TableFormats.renamed("20-order-migration.drl.csv", RuleSetFile.Kind.XLSX));
        assertEquals("10-Ownership.drl.csv", TableFormats.renamed("10-Ownership.DRL.XLSX", RuleSetFile.Kind.CSV));
        assertEquals("20-order-migration", TableFormats.sheetName("20-order-migration.drl.csv"));
        assertEquals(31, TableFormats.sheetName("20-" + "a".repeat(40) + ".drl.csv").length(), "a sheet name is at most 31 characters");
    }
}

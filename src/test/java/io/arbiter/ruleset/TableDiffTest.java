package io.arbiter.ruleset;

import io.arbiter.ruleset.RevisionDiff.CellChange;
import io.arbiter.ruleset.RevisionDiff.Change;
import io.arbiter.ruleset.RevisionDiff.RowChange;
import io.arbiter.ruleset.RevisionDiff.TableChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One case per kind of change, each read back in a compact form: the table's change and how rows
 * were paired, then each changed column and row — "CHANGED 9>9 'US orders' [Owner: us-orders>us-desk]"
 * is spreadsheet row 9 before and after, its rule name, and the cell that changed.
 */
class TableDiffTest {
    static final String NAMED = "Rule,Type,Market,Owner";
    static final String[] OWNERS = {
            "EU orders,PlaceOrder,EU,eu-orders",
            "US orders,PlaceOrder,US,us-orders",
            "All orders,PlaceOrder,,orders"};
    static final String UNNAMED = "Type,Market,Owner";
    static final String[] PLAIN = {
            "PlaceOrder,EU,eu-orders",
            "PlaceOrder,US,us-orders",
            "PlaceOrder,,orders"};

    static Stream<Arguments> cases() {
        return Stream.of(
                // Rows paired by rule name
                Arguments.of("nothing changed", named(OWNERS), named(OWNERS), "UNCHANGED by NAME"),
                Arguments.of("row added at the end", named(OWNERS), named(with(OWNERS, 3, "Refunds,IssueRefund,,refunds")),
                        "CHANGED by NAME; ADDED >11 'Refunds'"),
                Arguments.of("row added in the middle", named(OWNERS), named(with(OWNERS, 1, "UK orders,PlaceOrder,UK,uk-orders")),
                        "CHANGED by NAME; ADDED >9 'UK orders'"),
                Arguments.of("row removed", named(OWNERS), named(without(OWNERS, 1)),
                        "CHANGED by NAME; REMOVED 9> 'US orders'"),
                Arguments.of("cell changed", named(OWNERS), named(replaced(OWNERS, 1, "US orders,PlaceOrder,US,us-desk")),
                        "CHANGED by NAME; CHANGED 9>9 'US orders' [Owner: us-orders>us-desk]"),
                Arguments.of("two rows swapped", named(OWNERS), named(OWNERS[1], OWNERS[0], OWNERS[2]),
                        "CHANGED by NAME; MOVED 9>8 'US orders'"),
                Arguments.of("row moved and changed", named(OWNERS), named("US orders,PlaceOrder,US,us-desk", OWNERS[0], OWNERS[2]),
                        "CHANGED by NAME; CHANGED 9>8 moved 'US orders' [Owner: us-orders>us-desk]"),
                Arguments.of("rule renamed", named(OWNERS), named(replaced(OWNERS, 0, "European orders,PlaceOrder,EU,eu-orders")),
                        "CHANGED by NAME; CHANGED 8>8 'European orders' [Rule: EU orders>European orders]"),
                Arguments.of("rule renamed and edited where it stood", named(OWNERS),
                        named(replaced(OWNERS, 1, "US and CA orders,PlaceOrder,US,us-desk")),
                        "CHANGED by NAME; CHANGED 9>9 'US and CA orders' [Rule: US orders>US and CA orders, Owner: us-orders>us-desk]"),
                Arguments.of("rule replaced by an unlike one", named(OWNERS), named(replaced(OWNERS, 1, "Refunds,IssueRefund,,refunds")),
                        "CHANGED by NAME; REMOVED 9> 'US orders'; ADDED >9 'Refunds'"),
                Arguments.of("column added", named(OWNERS), table("Rule,Type,Market,Channel,Owner",
                                "EU orders,PlaceOrder,EU,web,eu-orders", "US orders,PlaceOrder,US,,us-orders", "All orders,PlaceOrder,,,orders"),
                        "CHANGED by NAME; column Channel ADDED; CHANGED 8>8 'EU orders' [Channel: >web]"),
                Arguments.of("column removed", named(OWNERS), table("Rule,Type,Owner",
                                "EU orders,PlaceOrder,eu-orders", "US orders,PlaceOrder,us-orders", "All orders,PlaceOrder,orders"),
                        "CHANGED by NAME; column Market REMOVED; CHANGED 8>8 'EU orders' [Market: EU>];"
                                + " CHANGED 9>9 'US orders' [Market: US>]"),
                Arguments.of("column's template changed", named(OWNERS), table("Rule,Type,Market=CONDITION: region == \"$param\",Owner", OWNERS),
                        "CHANGED by NAME; column Market CHANGED (CONDITION: market == \"$param\" > CONDITION: region == \"$param\")"),
                Arguments.of("table added", null, named(OWNERS[0], OWNERS[1]),
                        "ADDED by NAME; column Rule ADDED; column Type ADDED; column Market ADDED; column Owner ADDED;"
                                + " ADDED >8 'EU orders'; ADDED >9 'US orders'"),
                Arguments.of("table removed", named(OWNERS[0]), null,
                        "REMOVED by NAME; column Rule REMOVED; column Type REMOVED; column Market REMOVED; column Owner REMOVED;"
                                + " REMOVED 8> 'EU orders'"),
                Arguments.of("table moved down the sheet, rows as they were", named(OWNERS), startingAt(20, named(OWNERS)),
                        "UNCHANGED by NAME"),
                // Rows paired by content: no NAME column, or names that cannot tell rows apart
                Arguments.of("no names: nothing changed", plain(PLAIN), plain(PLAIN), "UNCHANGED by CONTENT"),
                Arguments.of("no names: row added in the middle", plain(PLAIN), plain(with(PLAIN, 1, "PlaceOrder,UK,uk-orders")),
                        "CHANGED by CONTENT; ADDED >9"),
                Arguments.of("no names: row added at the end", plain(PLAIN), plain(with(PLAIN, 3, "IssueRefund,,refunds")),
                        "CHANGED by CONTENT; ADDED >11"),
                Arguments.of("no names: row removed", plain(PLAIN), plain(without(PLAIN, 1)), "CHANGED by CONTENT; REMOVED 9>"),
                Arguments.of("no names: cell changed", plain(PLAIN), plain(replaced(PLAIN, 1, "PlaceOrder,US,us-desk")),
                        "CHANGED by CONTENT; CHANGED 9>9 [Owner: us-orders>us-desk]"),
                Arguments.of("no names: two rows swapped", plain(PLAIN), plain(PLAIN[1], PLAIN[0], PLAIN[2]),
                        "CHANGED by CONTENT; MOVED 9>8"),
                Arguments.of("no names: row replaced by an unlike one", plain(PLAIN), plain(replaced(PLAIN, 1, "IssueRefund,,refunds")),
                        "CHANGED by CONTENT; REMOVED 9>; ADDED >9"),
                Arguments.of("no names: column added", plain(PLAIN), table("Type,Market,Channel,Owner",
                                "PlaceOrder,EU,web,eu-orders", "PlaceOrder,US,,us-orders", "PlaceOrder,,,orders"),
                        "CHANGED by CONTENT; column Channel ADDED; CHANGED 8>8 [Channel: >web]"),
                Arguments.of("names repeated: paired by content", named("Orders,PlaceOrder,EU,eu", "Orders,PlaceOrder,,orders"),
                        named("Orders,PlaceOrder,EU,eu", "Orders,PlaceOrder,,orders", "Refunds,IssueRefund,,refunds"),
                        "CHANGED by CONTENT; ADDED >10 'Refunds'"),
                Arguments.of("a name column added: paired by content", plain(PLAIN), named(
                                "EU orders,PlaceOrder,EU,eu-orders", "US orders,PlaceOrder,US,us-orders", "All orders,PlaceOrder,,orders"),
                        "CHANGED by CONTENT; column Rule ADDED; CHANGED 8>8 'EU orders' [Rule: >EU orders];"
                                + " CHANGED 9>9 'US orders' [Rule: >US orders]; CHANGED 10>10 'All orders' [Rule: >All orders]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachKindOfChangeIsReportedAsSuch(String name, TableDiff.Table before, TableDiff.Table after, String expected) {
        assertEquals(expected, render(TableDiff.diff(before, after)));
    }

    @Test
    void addedAndRemovedRowsCarryTheirCellsAndChangedRowsOnlyTheCellsThatDiffer() {
        TableChange change = TableDiff.diff(named(OWNERS),
                named("US orders,PlaceOrder,US,us-desk", OWNERS[2], "Refunds,IssueRefund,,refunds"));
        Map<Change, RowChange> rows = change.rows().stream().collect(Collectors.toMap(RowChange::change, r -> r));
        assertEquals(List.of(new CellChange("Rule", "EU orders", null), new CellChange("Type", "PlaceOrder", null),
                new CellChange("Market", "EU", null), new CellChange("Owner", "eu-orders", null)), rows.get(Change.REMOVED).cells());
        assertEquals(List.of(new CellChange("Rule", null, "Refunds"), new CellChange("Type", null, "IssueRefund"),
                new CellChange("Owner", null, "refunds")), rows.get(Change.ADDED).cells());
        assertEquals(List.of(new CellChange("Owner", "us-orders", "us-desk")), rows.get(Change.CHANGED).cells());
        assertEquals(3, change.rows().size());
    }

    // ---- tables in a few words -----------------------------------------------------------------

    /** A table whose first column is its NAME column. */
    static TableDiff.Table named(String... rows) {
        return table(NAMED, rows);
    }

    static TableDiff.Table plain(String... rows) {
        return table(UNNAMED, rows);
    }

    /**
     * A table from comma-separated labels ("Rule" is the NAME column; "Label=definition" sets what
     * the column does) and comma-separated rows, the first of them spreadsheet row 8.
     */
    static TableDiff.Table table(String labels, String... rows) {
        List<TableDiff.Column> columns = new ArrayList<>();
        for (String label : labels.split(",")) {
            String[] parts = label.split("=", 2);
            columns.add(new TableDiff.Column(parts[0], parts[0].equals("Rule") ? "NAME"
                    : parts.length > 1 ? parts[1] : "CONDITION: " + parts[0].toLowerCase() + " == \"$param\""));
        }
        String nameColumn = columns.get(0).label().equals("Rule") ? "Rule" : null;
        List<TableDiff.Row> data = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            String[] texts = rows[i].split(",", -1);
            Map<String, String> cells = new LinkedHashMap<>();
            for (int c = 0; c < texts.length; c++) {
                if (!texts[c].isEmpty()) {
                    cells.put(columns.get(c).label(), texts[c]);
                }
            }
            data.add(new TableDiff.Row(8 + i, nameColumn == null ? null : cells.get(nameColumn), cells));
        }
        return new TableDiff.Table("Owners", null, columns, nameColumn, data);
    }

    static TableDiff.Table startingAt(int first, TableDiff.Table table) {
        List<TableDiff.Row> rows = new ArrayList<>();
        for (TableDiff.Row r : table.rows()) {
            rows.add(new TableDiff.Row(first + rows.size(), r.rule(), r.cells()));
        }
        return new TableDiff.Table(table.name(), table.sheet(), table.columns(), table.nameColumn(), rows);
    }

    static String[] with(String[] rows, int at, String row) {
        List<String> out = new ArrayList<>(List.of(rows));
        out.add(at, row);
        return out.toArray(String[]::new);
    }

    static String[] without(String[] rows, int at) {
        List<String> out = new ArrayList<>(List.of(rows));
        out.remove(at);
        return out.toArray(String[]::new);
    }

    static String[] replaced(String[] rows, int at, String row) {
        String[] out = rows.clone();
        out[at] = row;
        return out;
    }

    static String render(TableChange t) {
        List<String> parts = new ArrayList<>();
        parts.add(t.change() + " by " + t.matchedBy());
        t.columns().forEach(c -> parts.add("column " + c.label() + " " + c.change()
                + (c.change() == Change.CHANGED ? " (" + c.before() + " > " + c.after() + ")" : "")));
        for (RowChange r : t.rows()) {
            String row = r.change() + " " + (r.beforeRow() == null ? "" : r.beforeRow()) + ">" + (r.afterRow() == null ? "" : r.afterRow())
                    + (r.moved() && r.change() == Change.CHANGED ? " moved" : "") + (r.rule() == null ? "" : " '" + r.rule() + "'");
            if (r.change() == Change.CHANGED) {
                row += r.cells().stream().map(c -> c.column() + ": " + (c.before() == null ? "" : c.before()) + ">"
                        + (c.after() == null ? "" : c.after())).collect(Collectors.joining(", ", " [", "]"));
            }
            parts.add(row);
        }
        return String.join("; ", parts);
    }
}

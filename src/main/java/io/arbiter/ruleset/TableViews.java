package io.arbiter.ruleset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * A decision-table file as the revision diff compares it: the tables {@link TableReader} finds —
 * the same reader that compiles them, so the diff sees the tables and rows that route — with every
 * column of each (NAME, DESCRIPTION and dates included) by its label, and every row's cells as the
 * analyst wrote them.
 */
final class TableViews {
    private TableViews() {
    }

    /** The file's tables in sheet and reading order, or null when it cannot be read as tables. */
    static List<TableDiff.Table> read(RuleSetFile file) {
        List<RuleSetError> errors = new ArrayList<>();
        List<CellGrid> grids = TableParser.cells(file, errors);
        if (grids == null) {
            return null;
        }
        List<TableDiff.Table> tables = new ArrayList<>();
        for (CellGrid grid : grids) {
            if (!TableReader.hasTable(grid)) {
                continue; // a sheet of notes: not part of the rule set
            }
            TableReader.Result result = TableReader.read(file.name(), grid, errors);
            if (result == null) {
                return null;
            }
            result.tables().forEach(t -> tables.add(view(grid, t)));
        }
        return tables;
    }

    private static TableDiff.Table view(CellGrid grid, DecisionTable table) {
        int head = table.headRow();
        // The columns the reader took: every typed cell right of the RuleTable cell, in the row below it.
        NavigableMap<Integer, String> types = grid.row(head + 1).tailMap(headColumn(grid, table), true);
        Map<Integer, String> labels = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        List<TableDiff.Column> columns = new ArrayList<>();
        Integer nameColumn = null;
        for (Map.Entry<Integer, String> type : types.entrySet()) {
            int c = type.getKey();
            String letter = CellGrid.columnLetter(c);
            String label = grid.at(head + 4, c);
            if (label == null) {
                label = "(column " + letter + ")";
            }
            if (!used.add(label)) {
                label = label + " (" + letter + ")"; // two columns with one label: told apart by where they are
                used.add(label);
            }
            labels.put(c, label);
            String template = grid.at(head + 3, c);
            String kind = type.getValue().toUpperCase(Locale.ROOT);
            columns.add(new TableDiff.Column(label, template == null ? kind : kind + ": " + template));
            if (kind.equals("NAME")) {
                nameColumn = c;
            }
        }
        List<TableDiff.Row> rows = new ArrayList<>();
        for (DecisionTable.Row row : table.rows()) {
            Map<String, String> cells = new LinkedHashMap<>();
            labels.forEach((c, label) -> {
                String text = grid.at(row.row(), c);
                if (text != null) {
                    cells.put(label, text);
                }
            });
            rows.add(new TableDiff.Row(row.row() + 1, nameColumn == null ? null : grid.at(row.row(), nameColumn), cells));
        }
        return new TableDiff.Table(table.name(), grid.sheet(), columns, nameColumn == null ? null : labels.get(nameColumn), rows);
    }

    /** The column of the table's {@code RuleTable} cell. */
    private static int headColumn(CellGrid grid, DecisionTable table) {
        NavigableMap<Integer, String> row = grid.row(table.headRow());
        for (Map.Entry<Integer, String> cell : row.entrySet()) {
            String text = cell.getValue();
            if (text.toLowerCase(Locale.ROOT).startsWith("ruletable")
                    && text.substring("ruletable".length()).strip().equals(table.name())) {
                return cell.getKey();
            }
        }
        return row.firstKey();
    }
}

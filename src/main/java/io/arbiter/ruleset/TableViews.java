package io.arbiter.ruleset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decision-table file as the revision diff compares it: the tables {@link TableGrids#read} finds —
 * the editor's reading, itself the reader that compiles them, so the diff sees the tables and rows
 * that route — with every column of each (NAME, DESCRIPTION and dates included) by its label, and
 * every row's cells as the analyst wrote them.
 */
final class TableViews {
    private TableViews() {
    }

    /** The file's tables in sheet and reading order, or null when it cannot be read as tables. */
    static List<TableDiff.Table> read(RuleSetFile file) {
        List<TableGrids.Sheet> sheets;
        try {
            sheets = TableGrids.read(file);
        } catch (RuleSetRejectedException unreadable) {
            return null; // the diff then compares the file's lines
        }
        List<TableDiff.Table> tables = new ArrayList<>();
        for (TableGrids.Sheet sheet : sheets) {
            sheet.tables().forEach(t -> tables.add(view(sheet, t)));
        }
        return tables;
    }

    private static TableDiff.Table view(TableGrids.Sheet sheet, TableGrids.Table table) {
        Map<Integer, String> labels = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        List<TableDiff.Column> columns = new ArrayList<>();
        Integer nameColumn = null;
        for (TableGrids.Column column : table.columns()) {
            int c = CellGrid.columnIndex(column.letter());
            String label = column.label() == null ? "(column " + column.letter() + ")" : column.label();
            if (!used.add(label)) {
                label = label + " (" + column.letter() + ")"; // two columns with one label: told apart by where they are
                used.add(label);
            }
            labels.put(c, label);
            columns.add(new TableDiff.Column(label, column.template() == null ? column.kind() : column.kind() + ": " + column.template()));
            if (column.kind().equals("NAME")) {
                nameColumn = c;
            }
        }
        List<TableDiff.Row> rows = new ArrayList<>();
        for (TableGrids.Rule rule : table.rows()) {
            List<String> row = sheet.rows().get(rule.row() - 1);
            Map<String, String> cells = new LinkedHashMap<>();
            labels.forEach((c, label) -> {
                String text = cell(row, c);
                if (text != null) {
                    cells.put(label, text);
                }
            });
            rows.add(new TableDiff.Row(rule.row(), nameColumn == null ? null : cell(row, nameColumn), cells));
        }
        return new TableDiff.Table(table.name(), sheet.name(), columns, nameColumn == null ? null : labels.get(nameColumn), rows);
    }

    /** A cell's text, or null when blank (the grid writes blank cells as empty strings). */
    private static String cell(List<String> row, int column) {
        return column < row.size() && !row.get(column).isEmpty() ? row.get(column) : null;
    }
}

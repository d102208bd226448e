package io.arbiter.ruleset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One RuleTable as Arbiter understood it — the only thing rules are generated from. Every value
 * in it has been checked for the column it stands in. Rows and columns are 0-based.
 *
 * @param name    the table's name (from {@code RuleTable <name>})
 * @param index   its position among the tables of its sheet
 * @param headRow the row of its {@code RuleTable} cell
 * @param nameColumn the letter of its NAME column, or null
 * @param columns its CONDITION and ACTION columns, left to right
 * @param rows    its rules, top to bottom
 */
record DecisionTable(String name, int index, int headRow, String nameColumn, List<Column> columns, List<Row> rows) {

    /** A CONDITION column (with its template) or an ACTION column (with its route field). */
    record Column(int index, String label, ConditionTemplate condition, RouteAction action) {
        String letter() {
            return CellGrid.columnLetter(index);
        }
    }

    /**
     * One rule: its spreadsheet row, name, dates, and the filled cells by column — conditions as
     * constraints, actions as their checked values.
     */
    record Row(int row, String name, Instant effective, Instant expires, Map<Integer, String> conditions,
               Map<Integer, String> actions, Map<Integer, String> cells) {
    }
}

package io.arbiter.ruleset;

import java.util.List;

/**
 * What changed from revision {@code against} (before) to {@code revision} (after): every file
 * either holds, and for decision tables what the analyst sees — tables, columns, rows and cells as
 * written — rather than bytes; for DRL, the lines.
 */
public record RevisionDiff(int revision, int against, List<FileChange> files) {

    /** ADDED, REMOVED, CHANGED, UNCHANGED; MOVED only for a row that holds the same cells at another place in its table. */
    public enum Change { ADDED, REMOVED, CHANGED, MOVED, UNCHANGED }

    /** How a table's rows were paired: by the rule names in its NAME column, or by their content. */
    public enum Matching { NAME, CONTENT }

    /**
     * One file name present in either revision. {@code tables} for a decision table and {@code lines}
     * (unified-diff hunks) for DRL; both null when the bytes are the same, or when a table file
     * could not be read as tables (then {@code change} says only whether the bytes differ).
     * A table file whose bytes differ but whose tables read the same is UNCHANGED (a workbook saved again).
     */
    public record FileChange(String name, Change change, String sha256Before, String sha256After, List<TableChange> tables,
                             List<String> lines) {
    }

    /**
     * One RuleTable, by name: its changed columns and its changed rows (unchanged rows are not listed).
     * {@code sheet} is the worksheet it is on (after, else before; null in a CSV file).
     */
    public record TableChange(String name, String sheet, Change change, Matching matchedBy, List<ColumnChange> columns,
                              List<RowChange> rows) {
    }

    /** A column, by its label: added, removed, or with another type or code template ({@code before}/{@code after}). */
    public record ColumnChange(String label, Change change, String before, String after) {
    }

    /**
     * A row ADDED, REMOVED, CHANGED (its differing cells) or MOVED (same cells, out of the order it
     * had; a CHANGED row may be {@code moved} too). Row numbers are the spreadsheet's, 1-based.
     * {@code rule} is the text of its NAME cell (after, else before), null without one.
     */
    public record RowChange(Change change, Integer beforeRow, Integer afterRow, String rule, boolean moved,
                            List<CellChange> cells) {
    }

    /** A cell by its column's label, as text; null where the row has no such cell or it is empty. */
    public record CellChange(String column, String before, String after) {
    }
}

package io.arbiter.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.arbiter.ruleset.RevisionDiff;

import java.util.List;

/**
 * What changed from revision {@code against} (before) to {@code revision} (after), as served by
 * {@code GET /v1/rulesets/{revision}/diff}: one entry per file name either revision holds.
 */
public record RevisionDiffV1(int revision, int against, List<FileV1> files) {

    /** A value on both sides; null on a side that has none (a file, table or row added or removed). */
    public record BeforeAfter<T>(T before, T after) {
    }

    /**
     * A file: ADDED, REMOVED, CHANGED or UNCHANGED. {@code tables} for a decision table, {@code lines}
     * (unified-diff hunks) for DRL; neither when the bytes are the same. A table file whose
     * {@code sha256} differs but whose tables are all UNCHANGED was saved again with the same cells.
     */
    public record FileV1(String name, String change, BeforeAfter<String> sha256,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<TableV1> tables,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<String> lines) {
    }

    /** A RuleTable by name, its changed columns and changed rows (unchanged rows are not listed); rows paired by NAME or CONTENT. */
    public record TableV1(String name, String sheet, String change, String matchedBy, List<ColumnV1> columns, List<RowV1> rows) {
    }

    /** A column by its label: ADDED, REMOVED, or CHANGED (its type or code template: {@code before}/{@code after}). */
    public record ColumnV1(String label, String change, String before, String after) {
    }

    /**
     * A row ADDED, REMOVED, CHANGED (with its differing {@code cells}) or MOVED; {@code row} is its
     * spreadsheet row number (1-based) on each side, {@code rule} its NAME cell.
     */
    public record RowV1(String change, BeforeAfter<Integer> row, String rule, boolean moved, List<CellV1> cells) {
    }

    /** A cell by its column's label: the text before and after (null: empty or no such column). */
    public record CellV1(String column, String before, String after) {
    }

    static RevisionDiffV1 of(RevisionDiff diff) {
        return new RevisionDiffV1(diff.revision(), diff.against(), diff.files().stream().map(RevisionDiffV1::file).toList());
    }

    private static FileV1 file(RevisionDiff.FileChange f) {
        return new FileV1(f.name(), f.change().name(), new BeforeAfter<>(f.sha256Before(), f.sha256After()),
                f.tables() == null ? null : f.tables().stream().map(RevisionDiffV1::table).toList(), f.lines());
    }

    private static TableV1 table(RevisionDiff.TableChange t) {
        return new TableV1(t.name(), t.sheet(), t.change().name(), t.matchedBy().name(),
                t.columns().stream().map(c -> new ColumnV1(c.label(), c.change().name(), c.before(), c.after())).toList(),
                t.rows().stream().map(RevisionDiffV1::row).toList());
    }

    private static RowV1 row(RevisionDiff.RowChange r) {
        return new RowV1(r.change().name(), new BeforeAfter<>(r.beforeRow(), r.afterRow()), r.rule(), r.moved(),
                r.cells().stream().map(c -> new CellV1(c.column(), c.before(), c.after())).toList());
    }
}

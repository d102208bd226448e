package io.arbiter.api;

import io.arbiter.ruleset.RuleSetError;
import io.arbiter.ruleset.TableGrids;

import java.util.List;

/**
 * Table files edited in the browser, sent back as grids ({@code POST /v1/rulesets/grids} and
 * {@code …/grids/check}).
 *
 * @param base  the revision edited (default: the active one); its other files are kept, and a
 *              workbook is written on its file of the same name, so formatting stays
 * @param note  stored with the new revision
 * @param files every edited table file: its name and all its table sheets' cells
 */
public record TableEditV1(Integer base, String note, List<FileGrid> files) {

    /** One file: its name ({@code *.drl.csv|xlsx|xls}) and the sheets sent, by name (null for CSV). */
    public record FileGrid(String name, List<TableGrids.SheetText> sheets) {
    }

    /** The answer of a check: {@code valid}, or every problem located to file, sheet, row and column. */
    public record CheckV1(boolean valid, List<RuleSetError> errors) {
    }
}

package io.arbiter.ruleset;

import org.apache.poi.ss.util.WorkbookUtil;

import java.util.List;
import java.util.Locale;

/**
 * A table file in another of the table formats, so an analyst can take a CSV table into Excel as a
 * workbook or a one-sheet workbook into a text diff as CSV. Built on what the editor uses — the
 * cells as Arbiter reads them ({@link TableGrids#read}) written afresh ({@link TableGrids#write}) —
 * so the converted file holds the same cell text and compiles to the same rules. Formatting, number
 * formats and sheets without a table are not carried over: a converted file is the table's content.
 */
public final class TableFormats {
    private TableFormats() {
    }

    /** {@code file} as {@code kind}: the stored file itself when it already is one, else written from its cells. */
    public static RuleSetFile convert(RuleSetFile file, RuleSetFile.Kind kind) {
        if (kind == null || kind == RuleSetFile.Kind.DRL) {
            throw new IllegalArgumentException("Tables convert to CSV, XLSX or XLS, not " + kind);
        }
        if (file.kind() == kind) {
            return file;
        }
        List<TableGrids.Sheet> sheets = TableGrids.read(file);
        String name = renamed(file.name(), kind);
        if (kind == RuleSetFile.Kind.CSV) {
            if (sheets.size() != 1) {
                throw oneSheetOnly(file, sheets);
            }
            return TableGrids.write(name, List.of(new TableGrids.SheetText(null, sheets.get(0).rows())), null);
        }
        // A CSV file's one sheet is named after the file; a workbook's sheets keep their names.
        return TableGrids.write(name, sheets.stream()
                .map(s -> new TableGrids.SheetText(s.name() != null ? s.name() : sheetName(file.name()), s.rows()))
                .toList(), null);
    }

    /** {@code 20-order-migration.drl.csv} as XLSX: {@code 20-order-migration.drl.xlsx}. */
    public static String renamed(String name, RuleSetFile.Kind kind) {
        return stem(name) + ".drl." + kind.name().toLowerCase(Locale.ROOT);
    }

    /** The sheet a table file's one sheet is called in a workbook: its name without {@code .drl.csv}, as a sheet may be named. */
    static String sheetName(String fileName) {
        return WorkbookUtil.createSafeSheetName(stem(fileName));
    }

    private static String stem(String name) {
        int end = name.toLowerCase(Locale.ROOT).lastIndexOf(".drl.");
        if (end < 0) {
            throw new IllegalArgumentException("'" + name + "' is not a table file's name");
        }
        return name.substring(0, end);
    }

    private static TableConversionException oneSheetOnly(RuleSetFile file, List<TableGrids.Sheet> sheets) {
        String message = sheets.isEmpty()
                ? "No sheet of this workbook holds a table, so there is nothing to write as CSV"
                : "A CSV file is one sheet, and " + sheets.size() + " sheets of this workbook hold tables ("
                        + String.join(", ", sheets.stream().map(TableGrids.Sheet::name).toList())
                        + "): download the workbook, or move the tables onto one sheet first";
        return new TableConversionException(sheets.isEmpty() ? List.of(RuleSetError.ofFile(file.name(), message))
                : sheets.stream().map(s -> new RuleSetError(file.name(), s.name(), null, null, message)).toList());
    }
}

package io.arbiter.ruleset;

import io.arbiter.decision.Acceptance;
import io.arbiter.decision.FailureContract;
import io.arbiter.decision.Mode;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A table file as a grid of cell text — what the browser editor shows and sends back — and a grid
 * written back as a file.
 *
 * <p>Read: every sheet holding a RuleTable, its cells as the analyst sees them (the text Arbiter
 * reads, see {@link CellGrid}) and, per table, where its header rows and rules are and what each
 * column is, so an editor can label columns with the analyst's own header row, offer the values an
 * enum column takes and a date picker for date columns, and never show the template rows as data.
 *
 * <p>Write: a CSV file is written afresh (RFC 4180, as {@link CsvCells} reads it). A workbook is
 * the base file with only the cells whose text changed set (as text) or cleared: fonts, colours,
 * widths, merged ranges, other sheets and cells that did not change — numbers and dates typed in
 * Excel included — stay as the analyst's spreadsheet program left them.
 */
public final class TableGrids {
    private TableGrids() {
    }

    /** A sheet's cells by row and column, 0-based; blank cells are empty strings; rows end at their last non-blank cell. */
    public record Sheet(String name, List<List<String>> rows, List<Table> tables) {
    }

    /**
     * One RuleTable. Row numbers are 1-based, as a spreadsheet program shows them.
     *
     * @param headRow  the row of its {@code RuleTable} cell; the column types, object types and
     *                 templates follow on the next three rows
     * @param labelRow the analyst's plain-language header row
     * @param firstRow its first rule's row ({@code labelRow + 1})
     * @param rows     its rules, top to bottom (the order is first-match)
     */
    public record Table(String name, int headRow, int labelRow, int firstRow, List<Column> columns, List<Rule> rows) {
    }

    /**
     * A column: {@code kind} as its type cell says ({@code CONDITION}, {@code ACTION}, {@code NAME},
     * {@code DESCRIPTION}, {@code DATE-EFFECTIVE}, {@code DATE-EXPIRES}, …), its label, its template,
     * and the values a cell may take when they are a fixed set (mode, acceptance, failure contract).
     */
    public record Column(String letter, String kind, String label, String template, List<String> options) {
    }

    /** A rule: its row and the name its decisions report. */
    public record Rule(int row, String name) {
    }

    /** A sheet as an editor sends it back: its name (null for CSV) and every row's cells. */
    public record SheetText(String name, List<List<String>> rows) {
    }

    /** The sheets of a table file that hold tables, or {@link RuleSetRejectedException} saying why it cannot be read. */
    public static List<Sheet> read(RuleSetFile file) {
        if (!file.isTable()) {
            throw new RuleSetRejectedException(List.of(RuleSetError.ofFile(file.name(), "A DRL file is code, not a table: it has no grid")));
        }
        List<RuleSetError> errors = new ArrayList<>();
        List<CellGrid> grids = TableParser.cells(file, errors);
        List<Sheet> sheets = new ArrayList<>();
        for (CellGrid grid : grids == null ? List.<CellGrid>of() : grids) {
            if (!TableReader.hasTable(grid)) {
                continue;
            }
            TableReader.Result result = TableReader.read(file.name(), grid, errors, null);
            if (result != null) {
                sheets.add(new Sheet(grid.sheet(), rows(grid), result.tables().stream().map(t -> table(grid, t)).toList()));
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleSetRejectedException(errors);
        }
        return sheets;
    }

    /**
     * The file {@code name} holding these sheets: CSV written afresh; a workbook built on {@code base}
     * (the file it was read from, or null for a new one) with only changed cells touched.
     */
    public static RuleSetFile write(String name, List<SheetText> sheets, RuleSetFile base) {
        RuleSetFile.Kind kind = RuleSetFile.kindOf(name);
        if (kind == null || kind == RuleSetFile.Kind.DRL) {
            throw rejected(name, "Only decision tables (*.drl.csv, *.drl.xlsx, *.drl.xls) are edited as a grid");
        }
        if (kind == RuleSetFile.Kind.CSV) {
            if (sheets.size() != 1) {
                throw rejected(name, "A CSV file is one sheet; " + sheets.size() + " were sent");
            }
            return new RuleSetFile(name, csv(sheets.get(0).rows()).getBytes(StandardCharsets.UTF_8));
        }
        return new RuleSetFile(name, workbook(name, kind, sheets, base != null && base.kind() == kind ? base : null));
    }

    private static List<List<String>> rows(CellGrid grid) {
        List<List<String>> rows = new ArrayList<>();
        int last = grid.cells().isEmpty() ? -1 : grid.cells().lastKey();
        for (int r = 0; r <= last; r++) {
            var cells = grid.row(r);
            List<String> row = new ArrayList<>();
            if (!cells.isEmpty()) {
                for (int c = 0; c <= cells.lastKey(); c++) {
                    row.add(cells.getOrDefault(c, ""));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Table table(CellGrid grid, DecisionTable t) {
        int head = t.headRow();
        List<Column> columns = new ArrayList<>();
        grid.row(head + 1).forEach((c, type) -> {
            DecisionTable.Column checked = t.columns().stream().filter(col -> col.index() == c).findFirst().orElse(null);
            List<String> options = checked == null || checked.action() == null ? List.of() : options(checked.action().field());
            columns.add(new Column(CellGrid.columnLetter(c), type.strip().toUpperCase(java.util.Locale.ROOT),
                    grid.at(head + 4, c), grid.at(head + 3, c), options));
        });
        List<Rule> rules = t.rows().stream().map(r -> new Rule(r.row() + 1, r.name())).toList();
        return new Table(t.name(), head + 1, head + 5, head + 6, columns, rules);
    }

    private static List<String> options(String field) {
        Enum<?>[] values = switch (field) {
            case "mode" -> Mode.values();
            case "acceptance" -> Acceptance.values();
            case "failureContract" -> FailureContract.values();
            default -> new Enum<?>[0];
        };
        return Arrays.stream(values).map(Enum::name).toList();
    }

    /** RFC 4180: a cell holding a comma, quote, line break or edge space is quoted; rows end at their last non-blank cell. */
    static String csv(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        int lastRow = rows.size() - 1;
        while (lastRow >= 0 && lastCell(rows.get(lastRow)) < 0) {
            lastRow--;
        }
        for (int r = 0; r <= lastRow; r++) {
            List<String> row = rows.get(r);
            int last = lastCell(row);
            for (int c = 0; c <= last; c++) {
                if (c > 0) {
                    out.append(',');
                }
                String text = row.get(c) == null ? "" : row.get(c);
                boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                        || (!text.isEmpty() && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))));
                out.append(quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int lastCell(List<String> row) {
        int last = row.size() - 1;
        while (last >= 0 && (row.get(last) == null || row.get(last).isBlank())) {
            last--;
        }
        return last;
    }

    private static byte[] workbook(String name, RuleSetFile.Kind kind, List<SheetText> sheets, RuleSetFile base) {
        List<RuleSetError> errors = new ArrayList<>();
        Map<String, CellGrid> before = base == null ? Map.of() : WorkbookCells.read(base, TableParser.MAX_CELLS, errors);
        if (before == null || !errors.isEmpty()) {
            throw new RuleSetRejectedException(errors);
        }
        try (Workbook workbook = base == null ? (kind == RuleSetFile.Kind.XLSX ? new XSSFWorkbook() : new HSSFWorkbook())
                : WorkbookFactory.create(new ByteArrayInputStream(base.content()))) {
            for (SheetText text : sheets) {
                if (text.name() == null || text.name().isBlank()) {
                    throw rejected(name, "Every sheet of a workbook needs its name");
                }
                org.apache.poi.ss.usermodel.Sheet sheet = workbook.getSheet(text.name());
                if (sheet == null) {
                    sheet = workbook.createSheet(text.name());
                }
                apply(sheet, text.rows(), before.get(text.name()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuleSetRejectedException r) {
                throw r;
            }
            throw rejected(name, "Could not write the workbook: " + e.getMessage());
        }
    }

    /** Sets the cells whose text changed (as text), clears the ones now blank, leaves every other cell as it was. */
    private static void apply(org.apache.poi.ss.usermodel.Sheet sheet, List<List<String>> rows, CellGrid before) {
        int lastRow = Math.max(rows.size() - 1, before == null || before.cells().isEmpty() ? -1 : before.cells().lastKey());
        for (int r = 0; r <= lastRow; r++) {
            List<String> row = r < rows.size() ? rows.get(r) : List.of();
            int lastColumn = Math.max(row.size() - 1, before == null || before.row(r).isEmpty() ? -1 : before.row(r).lastKey());
            for (int c = 0; c <= lastColumn; c++) {
                String wanted = c < row.size() && row.get(c) != null ? row.get(c).strip() : "";
                String had = before == null ? null : before.at(r, c);
                if (wanted.equals(had == null ? "" : had)) {
                    continue;
                }
                Row target = sheet.getRow(r) != null ? sheet.getRow(r) : sheet.createRow(r);
                if (wanted.isEmpty()) {
                    Cell cell = target.getCell(c);
                    if (cell != null) {
                        target.removeCell(cell);
                    }
                } else {
                    Cell cell = target.getCell(c) != null ? target.getCell(c) : target.createCell(c);
                    if (cell.getCellType() == CellType.FORMULA) {
                        cell.removeFormula(); // else the text would only be the formula's cached result, recomputed on open
                    }
                    cell.setCellValue(wanted);
                }
            }
        }
    }

    private static RuleSetRejectedException rejected(String file, String message) {
        return new RuleSetRejectedException(List.of(RuleSetError.ofFile(file, message)));
    }
}

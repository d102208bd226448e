package io.arbiter.ruleset;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads every worksheet of an XLSX or XLS decision table into a {@link CellGrid}, each cell as the
 * analyst sees its value:
 * <ul>
 *   <li>text as typed;</li>
 *   <li>a number as its value in plain notation ({@code 20}, not {@code 20.0}; a cell showing
 *       {@code 20%} holds {@code 0.2}) — never through the cell's display format, which depends on
 *       the locale;</li>
 *   <li>a date or date-time cell as the calendar date and clock time it shows, meaning UTC
 *       ({@code 2026-12-01}, {@code 2026-12-01T08:00:00Z}): spreadsheet dates carry no time zone,
 *       and reading them in the server's zone would move every row by the server's offset;</li>
 *   <li>a formula as the value the spreadsheet program saved with it (not evaluated here);</li>
 *   <li>TRUE/FALSE as {@code true}/{@code false}.</li>
 * </ul>
 * POI opens XLSX without DTDs or external entities and with its zip-bomb ratio limit.
 */
final class WorkbookCells {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);

    private WorkbookCells() {
    }

    /** Every worksheet's cells in workbook order, or null with the problem added to {@code errors}. */
    static Map<String, CellGrid> read(RuleSetFile file, int maxCells, List<RuleSetError> errors) {
        Map<String, CellGrid> sheets = new LinkedHashMap<>();
        int before = errors.size();
        int total = 0;
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.content()))) {
            for (Sheet sheet : workbook) {
                CellGrid.Builder grid = new CellGrid.Builder(sheet.getSheetName());
                for (CellRangeAddress merged : sheet.getMergedRegions()) {
                    for (int r = merged.getFirstRow(); r <= merged.getLastRow(); r++) {
                        for (int c = merged.getFirstColumn(); c <= merged.getLastColumn(); c++) {
                            if (r != merged.getFirstRow() || c != merged.getFirstColumn()) {
                                grid.cover(r, c);
                            }
                        }
                    }
                }
                int cells = 0;
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        String text = text(file.name(), sheet.getSheetName(), cell, errors);
                        cells = grid.put(cell.getRowIndex(), cell.getColumnIndex(), text);
                    }
                }
                total += cells;
                if (total > maxCells) {
                    errors.add(CsvCells.tooManyCells(file.name(), maxCells));
                    return null;
                }
                sheets.put(sheet.getSheetName(), grid.build());
            }
        } catch (IOException | RuntimeException e) {
            errors.add(RuleSetError.ofFile(file.name(), "Not a readable " + file.kind() + " workbook: " + e.getMessage()));
            return null;
        }
        return errors.size() > before ? null : sheets;
    }

    private static String text(String file, String sheet, Cell cell, List<RuleSetError> errors) {
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            if (cell instanceof XSSFCell x && !x.getCTCell().isSetV()) {
                errors.add(error(file, sheet, cell, "The formula has no saved value: open and save the file in a"
                        + " spreadsheet program, or type the value"));
                return null;
            }
            type = cell.getCachedFormulaResultType();
        }
        return switch (type) {
            case STRING -> cell.getStringCellValue();
            case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? date(cell.getLocalDateTimeCellValue()) : number(cell.getNumericCellValue());
            case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
            case ERROR -> {
                errors.add(error(file, sheet, cell, "The cell holds the error " + FormulaError.forInt(cell.getErrorCellValue()).getString()));
                yield null;
            }
            default -> null;
        };
    }

    /** Midnight is a date ({@code 2026-12-01}); any other time a UTC instant. */
    static String date(LocalDateTime value) {
        // Serial dates are fractions of a day: 08:00 may come back a millisecond early.
        LocalDateTime seconds = value.plusNanos(500_000_000).withNano(0);
        return seconds.toLocalTime().equals(LocalTime.MIDNIGHT) ? seconds.toLocalDate().toString() : DATE_TIME.format(seconds);
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static RuleSetError error(String file, String sheet, Cell cell, String message) {
        return new RuleSetError(file, sheet, cell.getRowIndex() + 1, CellGrid.columnLetter(cell.getColumnIndex()), message);
    }
}

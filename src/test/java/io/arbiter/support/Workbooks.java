package io.arbiter.support;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds decision-table workbooks for tests. Cells follow Drools' CSV convention: consecutive cells
 * ending in "..." form one merged range holding the first cell's text.
 */
public final class Workbooks {
    private Workbooks() {
    }

    public static byte[] xlsx(String sheet, List<String[]> rows) {
        Map<String, List<String[]>> sheets = new LinkedHashMap<>();
        sheets.put(sheet, rows);
        return xlsx(sheets);
    }

    public static byte[] xlsx(Map<String, List<String[]>> sheets) {
        return write(new XSSFWorkbook(), sheets);
    }

    /** The same as an Excel 97 workbook, which keeps text as UTF-16 (so it can carry what XML cannot). */
    public static byte[] xls(String sheet, List<String[]> rows) {
        Map<String, List<String[]>> sheets = new LinkedHashMap<>();
        sheets.put(sheet, rows);
        return write(new HSSFWorkbook(), sheets);
    }

    /** A sheet's cells as their text (as a spreadsheet program shows them), row by row; a missing row or cell is empty. */
    public static List<List<String>> cells(Sheet sheet) {
        DataFormatter text = new DataFormatter();
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            List<String> cells = new ArrayList<>();
            for (int c = 0; row != null && c < row.getLastCellNum(); c++) {
                cells.add(row.getCell(c) == null ? "" : text.formatCellValue(row.getCell(c)));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static byte[] write(Workbook workbook, Map<String, List<String[]>> sheets) {
        try (Workbook wb = workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (Map.Entry<String, List<String[]>> e : sheets.entrySet()) {
                Sheet sheet = wb.createSheet(e.getKey());
                int r = 0;
                for (String[] cells : e.getValue()) {
                    Row row = sheet.createRow(r);
                    int mergeStart = -1;
                    for (int c = 0; c < cells.length; c++) {
                        String v = cells[c];
                        if (v == null || v.isEmpty()) {
                            mergeStart = close(sheet, r, mergeStart, c - 1);
                            continue;
                        }
                        if (v.endsWith("...") && mergeStart >= 0) {
                            row.createCell(c); // Drools' ExcelParser only visits cells that exist
                            continue;
                        }
                        mergeStart = close(sheet, r, mergeStart, c - 1);
                        if (v.endsWith("...")) {
                            mergeStart = c;
                            v = v.substring(0, v.length() - 3);
                        }
                        row.createCell(c).setCellValue(v);
                    }
                    close(sheet, r, mergeStart, cells.length - 1);
                    r++;
                }
                for (int c = 0; c < 12; c++) {
                    sheet.autoSizeColumn(c);
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int close(Sheet sheet, int row, int start, int end) {
        if (start >= 0 && end > start) {
            sheet.addMergedRegion(new CellRangeAddress(row, row, start, end));
        }
        return -1;
    }

    /** Parses CSV as RFC 4180 does: a cell that starts with a quote is quoted, with doubled quotes inside. */
    public static List<String[]> csv(String text) {
        List<String[]> rows = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            List<String> cells = new java.util.ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"' && cell.length() == 0) {
                    quoted = true;
                } else if (ch == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(ch);
                }
            }
            cells.add(cell.toString());
            rows.add(cells.toArray(new String[0]));
        }
        return rows;
    }
}

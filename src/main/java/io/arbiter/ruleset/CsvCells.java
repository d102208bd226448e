package io.arbiter.ruleset;

import java.util.List;

/**
 * Reads a CSV decision table into a {@link CellGrid}: UTF-8 ({@link Utf8Text}), RFC 4180 quoting
 * — a cell that starts with {@code "} is quoted, {@code ""} inside is one quote, a quoted cell may
 * span lines — and {@code \n}, {@code \r\n} or {@code \r} line ends.
 */
final class CsvCells {
    private CsvCells() {
    }

    /** The file's cells, or null with the problem added to {@code errors}. */
    static CellGrid read(String file, byte[] content, int maxCells, List<RuleSetError> errors) {
        String text = Utf8Text.decode(file, content, "save it as CSV with the UTF-8 character set", errors);
        if (text == null) {
            return null;
        }
        CellGrid.Builder grid = new CellGrid.Builder(null);
        StringBuilder cell = new StringBuilder();
        int row = 0;
        int column = 0;
        int quotedFrom = -1; // the row a quoted cell started on, while inside one
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quotedFrom >= 0) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quotedFrom = -1;
                } else {
                    cell.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && cell.length() == 0) {
                quotedFrom = row;
                i++;
            } else if (c == ',') {
                if (grid.put(row, column, cell.toString()) > maxCells) {
                    errors.add(tooManyCells(file, maxCells));
                    return null;
                }
                cell.setLength(0);
                column++;
                i++;
            } else if (c == '\n' || c == '\r') {
                if (grid.put(row, column, cell.toString()) > maxCells) {
                    errors.add(tooManyCells(file, maxCells));
                    return null;
                }
                cell.setLength(0);
                column = 0;
                row++;
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
            } else {
                cell.append(c);
                i++;
            }
        }
        if (quotedFrom >= 0) {
            errors.add(new RuleSetError(file, null, quotedFrom + 1, CellGrid.columnLetter(column),
                    "A quoted cell is never closed: a cell that starts with \" ends with \" (write \"\" for a quote inside it)"));
            return null;
        }
        if (grid.put(row, column, cell.toString()) > maxCells) {
            errors.add(tooManyCells(file, maxCells));
            return null;
        }
        return grid.build();
    }

    static RuleSetError tooManyCells(String file, int maxCells) {
        return RuleSetError.ofFile(file, "The file holds more than " + maxCells + " non-empty cells; split it into several files");
    }
}

package io.arbiter.ruleset;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The non-blank cells of one worksheet (or CSV file) as text, exactly as the analyst sees them, and
 * which cells a merged range covers. Rows and columns are 0-based; every other class reads cells
 * through this, so the spreadsheet formats differ only in how a grid is filled.
 *
 * @param sheet   the worksheet's name, or null for a CSV file
 * @param cells   row → column → text (stripped, never blank)
 * @param covered cells that a merged range covers, other than its top-left cell (row → columns)
 */
record CellGrid(String sheet, NavigableMap<Integer, NavigableMap<Integer, String>> cells,
                Map<Integer, Set<Integer>> covered) {

    CellGrid {
        cells = Collections.unmodifiableNavigableMap(cells);
        covered = Map.copyOf(covered);
    }

    String at(int row, int column) {
        NavigableMap<Integer, String> r = cells.get(row);
        return r == null ? null : r.get(column);
    }

    /** The non-blank cells of a row, by column (empty for a blank row). */
    NavigableMap<Integer, String> row(int row) {
        return cells.getOrDefault(row, Collections.emptyNavigableMap());
    }

    boolean blankRow(int row) {
        return !cells.containsKey(row);
    }

    /** True when a merged range covers the cell (its top-left cell excluded). */
    boolean coveredByMerge(int row, int column) {
        return covered.getOrDefault(row, Set.of()).contains(column);
    }

    /** "C12" for row 11, column 2. */
    static String ref(int row, int column) {
        return columnLetter(column) + (row + 1);
    }

    /** "A" for 0, "Z" for 25, "AA" for 26. */
    static String columnLetter(int column) {
        StringBuilder sb = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            sb.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return sb.toString();
    }

    /** 0 for "A", 25 for "Z", 26 for "AA": the inverse of {@link #columnLetter}. */
    static int columnIndex(String letter) {
        int column = 0;
        for (int i = 0; i < letter.length(); i++) {
            column = column * 26 + (letter.charAt(i) - 'A' + 1);
        }
        return column - 1;
    }

    /** Collects cells while a reader walks a file. */
    static final class Builder {
        private final String sheet;
        private final NavigableMap<Integer, NavigableMap<Integer, String>> cells = new TreeMap<>();
        private final Map<Integer, Set<Integer>> covered = new TreeMap<>();
        private int count;

        Builder(String sheet) {
            this.sheet = sheet;
        }

        /** Adds a cell's text; blank text is no cell. Returns how many cells the grid holds. */
        int put(int row, int column, String text) {
            if (text != null && !text.isBlank()) {
                if (cells.computeIfAbsent(row, r -> new TreeMap<>()).put(column, text.strip()) == null) {
                    count++;
                }
            }
            return count;
        }

        void cover(int row, int column) {
            covered.computeIfAbsent(row, r -> new java.util.TreeSet<>()).add(column);
        }

        CellGrid build() {
            return new CellGrid(sheet, cells, covered);
        }
    }
}

package io.arbiter.ruleset;

import io.arbiter.ruleset.RevisionDiff.CellChange;
import io.arbiter.ruleset.RevisionDiff.Change;
import io.arbiter.ruleset.RevisionDiff.ColumnChange;
import io.arbiter.ruleset.RevisionDiff.Matching;
import io.arbiter.ruleset.RevisionDiff.RowChange;
import io.arbiter.ruleset.RevisionDiff.TableChange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed in one decision table between two revisions, cell text against cell text. Pure:
 * tables in, a {@link TableChange} out.
 *
 * <p>Columns are identified by their label (the plain-language header row); a relabelled column is
 * one removed and one added. Column order is not compared: conditions are all tested and actions
 * each set their own field, whatever their order.
 *
 * <p>Rows are paired in up to three steps:
 * <ol>
 *   <li><b>By rule name</b> when every row on both sides has a NAME cell and the names are unique on
 *       each side; <b>otherwise by content</b>: a longest common subsequence of the rows, comparing
 *       the cells of the columns both sides have (so a column added does not unpair every row).</li>
 *   <li>Rows left over on both sides whose cells are equal, NAME cells aside, are one row: renamed,
 *       moved, or both.</li>
 *   <li>Between two paired rows that kept their order, a row removed and a row added are one row
 *       CHANGED when at least half of the cells either holds are equal, in order — a rule renamed
 *       and edited where it stood (the rollout step "10 %" becoming "30 %") is one change, not two.</li>
 * </ol>
 * Anything left is ADDED or REMOVED. Order is first-match, so a reordering is a real change: among
 * the rows paired by the first two steps, the longest run that kept its relative order stays put and
 * every other one is {@code moved} — the fewest rows that, moved, give the new order (two swapped
 * rows: one moved).
 */
final class TableDiff {
    /** A column: its label and what it does ("CONDITION: market == "$param""). */
    record Column(String label, String definition) {
    }

    /**
     * A data row: its spreadsheet row (1-based), its NAME cell (null without one), and its non-empty
     * cells by column label.
     */
    record Row(int number, String rule, Map<String, String> cells) {
    }

    /** A table as the analyst sees it; {@code nameColumn} is the NAME column's label, or null. */
    record Table(String name, String sheet, List<Column> columns, String nameColumn, List<Row> rows) {
    }

    private final Table before;
    private final Table after;
    private final List<String> union = new ArrayList<>();
    private final List<String> common = new ArrayList<>();
    /** The after-row paired with each before-row, or -1. */
    private final int[] pairOfBefore;
    private final int[] pairOfAfter;

    private TableDiff(Table before, Table after) {
        this.before = before;
        this.after = after;
        Set<String> beforeLabels = labels(before);
        Set<String> afterLabels = labels(after);
        union.addAll(afterLabels);
        beforeLabels.stream().filter(l -> !afterLabels.contains(l)).forEach(union::add);
        beforeLabels.stream().filter(afterLabels::contains).forEach(common::add);
        pairOfBefore = new int[before.rows().size()];
        pairOfAfter = new int[after.rows().size()];
        Arrays.fill(pairOfBefore, -1);
        Arrays.fill(pairOfAfter, -1);
    }

    /** The change from {@code before} to {@code after}; either may be null (a table added or removed), not both. */
    static TableChange diff(Table before, Table after) {
        // The missing side is an empty table of the same name (and NAME column, so matchedBy says how the other reads).
        Table b = before != null ? before : new Table(after.name(), after.sheet(), List.of(), after.nameColumn(), List.of());
        Table a = after != null ? after : new Table(before.name(), before.sheet(), List.of(), before.nameColumn(), List.of());
        TableChange change = new TableDiff(b, a).run();
        if (before == null || after == null) {
            return new TableChange(change.name(), change.sheet(), before == null ? Change.ADDED : Change.REMOVED,
                    change.matchedBy(), change.columns(), change.rows());
        }
        return change;
    }

    private TableChange run() {
        List<ColumnChange> columns = columns();
        Matching matching = named(before) && named(after) ? Matching.NAME : Matching.CONTENT;
        if (matching == Matching.NAME) {
            pairByName();
        } else {
            pairByContent();
        }
        pairEqualApartFromNames();
        List<int[]> kept = longestRunInOrder();
        boolean[] inOrder = new boolean[after.rows().size()];
        kept.forEach(p -> inOrder[p[1]] = true);
        pairSimilarBetween(kept, inOrder);
        List<RowChange> rows = rows(inOrder);
        Change change = columns.isEmpty() && rows.isEmpty() ? Change.UNCHANGED : Change.CHANGED;
        return new TableChange(after.name(), after.sheet() != null ? after.sheet() : before.sheet(), change, matching,
                columns, rows);
    }

    private List<ColumnChange> columns() {
        Map<String, String> was = new HashMap<>();
        before.columns().forEach(c -> was.put(c.label(), c.definition()));
        Map<String, String> is = new HashMap<>();
        after.columns().forEach(c -> is.put(c.label(), c.definition()));
        List<ColumnChange> changes = new ArrayList<>();
        for (String label : union) {
            String b = was.get(label);
            String a = is.get(label);
            if (!was.containsKey(label)) {
                changes.add(new ColumnChange(label, Change.ADDED, null, a));
            } else if (!is.containsKey(label)) {
                changes.add(new ColumnChange(label, Change.REMOVED, b, null));
            } else if (!Objects.equals(b, a)) {
                changes.add(new ColumnChange(label, Change.CHANGED, b, a));
            }
        }
        return changes;
    }

    /** Every row has a rule name and no two share one: names can pair rows. */
    private static boolean named(Table table) {
        Set<String> names = new HashSet<>();
        return table.nameColumn() != null && table.rows().stream().allMatch(r -> r.rule() != null && names.add(r.rule()));
    }

    private void pairByName() {
        Map<String, Integer> afterByName = new HashMap<>();
        for (int j = 0; j < after.rows().size(); j++) {
            afterByName.put(after.rows().get(j).rule(), j);
        }
        for (int i = 0; i < before.rows().size(); i++) {
            Integer j = afterByName.get(before.rows().get(i).rule());
            if (j != null) {
                pair(i, j);
            }
        }
    }

    /** A longest common subsequence of the rows, equal when the cells of the columns both sides have are. */
    private void pairByContent() {
        Map<List<String>, Integer> ids = new HashMap<>();
        int[] b = ids(before, common, ids);
        int[] a = ids(after, common, ids);
        CommonSubsequence.of(b, a).forEach(p -> pair(p[0], p[1]));
    }

    /** Left-over rows whose cells are equal but for the NAME cell: renamed and/or moved. Paired in order. */
    private void pairEqualApartFromNames() {
        List<String> compared = common.stream()
                .filter(l -> !l.equals(before.nameColumn()) && !l.equals(after.nameColumn())).toList();
        if (compared.isEmpty()) {
            return; // nothing to compare: every row would look alike
        }
        Map<List<String>, ArrayDeque<Integer>> unpairedAfter = new HashMap<>();
        for (int j = 0; j < after.rows().size(); j++) {
            if (pairOfAfter[j] < 0) {
                unpairedAfter.computeIfAbsent(projection(after.rows().get(j), compared), k -> new ArrayDeque<>()).add(j);
            }
        }
        for (int i = 0; i < before.rows().size(); i++) {
            if (pairOfBefore[i] < 0) {
                ArrayDeque<Integer> candidates = unpairedAfter.get(projection(before.rows().get(i), compared));
                if (candidates != null && !candidates.isEmpty()) {
                    pair(i, candidates.poll());
                }
            }
        }
    }

    /** Between consecutive rows kept in order, a removed and an added row mostly alike are one changed row (in order too). */
    private void pairSimilarBetween(List<int[]> anchors, boolean[] inOrder) {
        List<int[]> bounds = new ArrayList<>();
        bounds.add(new int[] {-1, -1});
        bounds.addAll(anchors);
        bounds.add(new int[] {before.rows().size(), after.rows().size()});
        for (int g = 0; g + 1 < bounds.size(); g++) {
            int nextAfter = bounds.get(g)[1] + 1;
            for (int i = bounds.get(g)[0] + 1; i < bounds.get(g + 1)[0]; i++) {
                if (pairOfBefore[i] >= 0) {
                    continue;
                }
                for (int j = nextAfter; j < bounds.get(g + 1)[1]; j++) {
                    if (pairOfAfter[j] < 0 && similar(before.rows().get(i), after.rows().get(j))) {
                        pair(i, j);
                        inOrder[j] = true;
                        nextAfter = j + 1;
                        break;
                    }
                }
            }
        }
    }

    private boolean similar(Row b, Row a) {
        int filled = 0;
        int same = 0;
        for (String label : union) {
            String x = b.cells().get(label);
            String y = a.cells().get(label);
            if (x != null || y != null) {
                filled++;
                if (Objects.equals(x, y)) {
                    same++;
                }
            }
        }
        return 2 * same >= filled;
    }

    /**
     * A longest run of paired rows whose before-rows ascend in after order, as {@code {i, j}} pairs in
     * order (patience sorting): the rows that kept their place; every other paired row moved.
     */
    private List<int[]> longestRunInOrder() {
        List<Integer> afterRows = new ArrayList<>();
        for (int j = 0; j < pairOfAfter.length; j++) {
            if (pairOfAfter[j] >= 0) {
                afterRows.add(j);
            }
        }
        int n = afterRows.size();
        int[] tails = new int[n]; // index into afterRows of the smallest tail of a run of each length
        int[] previous = new int[n];
        int length = 0;
        for (int k = 0; k < n; k++) {
            int value = pairOfAfter[afterRows.get(k)];
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (pairOfAfter[afterRows.get(tails[mid])] < value) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            previous[k] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = k;
            length = Math.max(length, lo + 1);
        }
        List<int[]> run = new ArrayList<>();
        for (int k = length > 0 ? tails[length - 1] : -1; k >= 0; k = previous[k]) {
            int j = afterRows.get(k);
            run.add(0, new int[] {pairOfAfter[j], j});
        }
        return run;
    }

    /** The changed rows in the after table's order, a removed row just after where its neighbour above went. */
    private List<RowChange> rows(boolean[] inOrder) {
        record Placed(int afterPosition, int tie, RowChange change) {
        }
        List<Placed> placed = new ArrayList<>();
        for (int j = 0; j < after.rows().size(); j++) {
            Row a = after.rows().get(j);
            int i = pairOfAfter[j];
            if (i < 0) {
                placed.add(new Placed(j, 0, new RowChange(Change.ADDED, null, a.number(), a.rule(), false, cells(null, a))));
                continue;
            }
            Row b = before.rows().get(i);
            List<CellChange> cells = cells(b, a);
            boolean moved = !inOrder[j];
            if (!cells.isEmpty() || moved) {
                placed.add(new Placed(j, 0, new RowChange(cells.isEmpty() ? Change.MOVED : Change.CHANGED, b.number(), a.number(),
                        a.rule() != null ? a.rule() : b.rule(), moved, cells)));
            }
        }
        int place = -1;
        for (int i = 0; i < before.rows().size(); i++) {
            if (pairOfBefore[i] >= 0) {
                place = pairOfBefore[i];
                continue;
            }
            Row b = before.rows().get(i);
            placed.add(new Placed(place, 1 + i, new RowChange(Change.REMOVED, b.number(), null, b.rule(), false, cells(b, null))));
        }
        placed.sort(Comparator.comparingInt(Placed::afterPosition).thenComparingInt(Placed::tie));
        return placed.stream().map(Placed::change).toList();
    }

    /** The cells that differ, over every column either side has (after's order, then columns only before had). */
    private List<CellChange> cells(Row b, Row a) {
        List<CellChange> cells = new ArrayList<>();
        for (String label : union) {
            String x = b == null ? null : b.cells().get(label);
            String y = a == null ? null : a.cells().get(label);
            if (!Objects.equals(x, y)) {
                cells.add(new CellChange(label, x, y));
            }
        }
        return cells;
    }

    private void pair(int i, int j) {
        pairOfBefore[i] = j;
        pairOfAfter[j] = i;
    }

    private static Set<String> labels(Table table) {
        Set<String> labels = new LinkedHashSet<>();
        table.columns().forEach(c -> labels.add(c.label()));
        return labels;
    }

    private static int[] ids(Table table, List<String> columns, Map<List<String>, Integer> ids) {
        int[] out = new int[table.rows().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.computeIfAbsent(projection(table.rows().get(i), columns), k -> ids.size());
        }
        return out;
    }

    private static List<String> projection(Row row, List<String> columns) {
        return columns.stream().map(c -> row.cells().getOrDefault(c, "")).toList();
    }
}

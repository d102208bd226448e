package io.arbiter.ruleset;

import io.arbiter.database.Transactions;
import io.arbiter.ruleset.RevisionDiff.Change;
import io.arbiter.ruleset.RevisionDiff.FileChange;
import io.arbiter.ruleset.RevisionDiff.TableChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two stored revisions, for the people who release them: per file, and inside
 * decision tables per table, row and cell as the analyst wrote them ({@link TableDiff}); for DRL,
 * the lines ({@link LineDiff}). Reads both revisions' files in one short transaction and compares
 * them outside it.
 */
@ApplicationScoped
public class RevisionDiffs {
    private final RuleSetStore store;

    @Inject
    public RevisionDiffs(RuleSetStore store) {
        this.store = store;
    }

    /**
     * The changes from {@code against} to {@code revision}. Without {@code against}: the revision it
     * was uploaded on ({@code baseRevision}), so the answer is exactly the upload's change; for a
     * revision without one (the bundled set), the active revision.
     */
    public RevisionDiff diff(int revision, Integer against) {
        Loaded loaded = Transactions.call(() -> load(revision, against));
        Map<String, RuleSetFile> was = byName(loaded.before());
        Map<String, RuleSetFile> is = byName(loaded.after());
        Set<String> names = new TreeSet<>(was.keySet());
        names.addAll(is.keySet());
        List<FileChange> files = new ArrayList<>();
        for (String name : names) {
            files.add(file(name, was.get(name), is.get(name)));
        }
        return new RevisionDiff(revision, loaded.against(), List.copyOf(files));
    }

    /** Both revisions' files, and the revision compared against. */
    private record Loaded(int against, List<RuleSetFile> before, List<RuleSetFile> after) {
    }

    private Loaded load(int revision, Integer against) {
        RuleSetRevision after = store.find(revision)
                .orElseThrow(() -> new RuleSetNotFoundException("Revision " + revision + " does not exist"));
        int other = against != null ? against
                : after.baseRevision() != null ? after.baseRevision()
                : store.activeRevision().orElseThrow(() -> new IllegalStateException("No revision is active"));
        if (store.find(other).isEmpty()) {
            throw new RuleSetNotFoundException("Revision " + other + (against != null ? " (against)"
                    : " (the base of revision " + revision + ")") + " does not exist");
        }
        return new Loaded(other, store.files(other), store.files(revision));
    }

    static FileChange file(String name, RuleSetFile before, RuleSetFile after) {
        String shaBefore = before == null ? null : before.sha256();
        String shaAfter = after == null ? null : after.sha256();
        Change presence = before == null ? Change.ADDED : after == null ? Change.REMOVED : null;
        if (presence == null && shaBefore.equals(shaAfter)) {
            return new FileChange(name, Change.UNCHANGED, shaBefore, shaAfter, null, null);
        }
        if (RuleSetFile.kindOf(name) == RuleSetFile.Kind.DRL) {
            List<String> lines = LineDiff.unified(text(before), text(after));
            return new FileChange(name, presence != null ? presence : lines.isEmpty() ? Change.UNCHANGED : Change.CHANGED,
                    shaBefore, shaAfter, null, lines);
        }
        List<TableDiff.Table> tablesBefore = before == null ? List.of() : TableViews.read(before);
        List<TableDiff.Table> tablesAfter = after == null ? List.of() : TableViews.read(after);
        if (tablesBefore == null || tablesAfter == null) {
            // Stored revisions compiled, so this is a file an older reader accepted: compare its bytes only.
            return new FileChange(name, presence != null ? presence : Change.CHANGED, shaBefore, shaAfter, null, null);
        }
        List<TableChange> tables = tables(tablesBefore, tablesAfter);
        boolean changed = tables.stream().anyMatch(t -> t.change() != Change.UNCHANGED);
        return new FileChange(name, presence != null ? presence : changed ? Change.CHANGED : Change.UNCHANGED,
                shaBefore, shaAfter, tables, null);
    }

    /** Tables paired by name (a name repeated in one file: by name and occurrence), in the after file's order. */
    private static List<TableChange> tables(List<TableDiff.Table> before, List<TableDiff.Table> after) {
        Map<String, TableDiff.Table> was = keyed(before);
        Map<String, TableDiff.Table> is = keyed(after);
        Set<String> keys = new LinkedHashSet<>(is.keySet());
        keys.addAll(was.keySet());
        List<TableChange> changes = new ArrayList<>();
        for (String key : keys) {
            changes.add(TableDiff.diff(was.get(key), is.get(key)));
        }
        return List.copyOf(changes);
    }

    private static Map<String, TableDiff.Table> keyed(List<TableDiff.Table> tables) {
        Map<String, TableDiff.Table> keyed = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (TableDiff.Table t : tables) {
            int n = seen.merge(t.name(), 1, Integer::sum);
            keyed.put(n == 1 ? t.name() : t.name() + "\0" + n, t);
        }
        return keyed;
    }

    private static Map<String, RuleSetFile> byName(List<RuleSetFile> files) {
        Map<String, RuleSetFile> byName = new TreeMap<>();
        files.forEach(f -> byName.put(f.name(), f));
        return byName;
    }

    private static String text(RuleSetFile file) {
        return file == null ? null : new String(file.content(), StandardCharsets.UTF_8);
    }
}

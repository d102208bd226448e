package io.arbiter.simulation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report as a table for people. */
public final class ReportText {
    private ReportText() {
    }

    public static String render(SimulationReport r) {
        StringBuilder out = new StringBuilder();
        out.append("Candidate: ").append(r.candidate()).append("   Baseline: ").append(r.baseline()).append('\n');
        if (r.assumedSignals() != null) {
            out.append("What if — every decision replayed with these signals instead of its recorded ones: ");
            out.append(String.join(", ", r.assumedSignals().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "Replayed %,d   unchanged %,d   changed %,d (%.1f %%)   errors %,d   noise %,d%n",
                r.replayed(), r.unchanged(), r.changed(), 100 * r.changedShare(), r.errors(), r.noise()));
        out.append(String.format(Locale.ROOT, "New NO_OWNER %,d%s   new AMBIGUOUS %,d%s%n", r.newNoOwner(),
                examples(r.newNoOwnerExamples()), r.newAmbiguous(), examples(r.newAmbiguousExamples())));
        out.append("\nChanges by kind\n");
        r.changesByKind().forEach((kind, n) -> {
            if (n > 0) {
                out.append(String.format(Locale.ROOT, "  %-16s %,10d%s%n", kind, n, examples(r.examplesByKind().get(kind))));
            }
        });
        out.append("\nOwner transitions (before -> after)\n");
        for (SimulationReport.Transition t : r.ownerTransitions()) {
            out.append(String.format(Locale.ROOT, "  %-28s -> %-28s %,10d%s%n", t.from(), t.to(), t.count(), examples(t.examples())));
        }
        for (Map.Entry<String, Map<String, SimulationReport.Counts>> d : r.breakdown().entrySet()) {
            out.append("\nBy ").append(d.getKey()).append(" (changed / replayed)\n");
            d.getValue().forEach((value, c) -> out.append(String.format(Locale.ROOT, "  %-28s %,10d / %,d%n", value, c.changed(), c.replayed())));
        }
        out.append("\nCandidate rows that decided\n");
        for (SimulationReport.RowHits h : r.rowsHit()) {
            out.append(String.format(Locale.ROOT, "  %,10d  %s (%s row %d)%n", h.hits(), h.rule(), h.table(), h.row()));
        }
        out.append("\nDead rows (decided nothing in this history)\n");
        r.deadRows().forEach(name -> out.append("  ").append(name).append('\n'));
        if (!r.errorSamples().isEmpty()) {
            out.append("\nErrors\n");
            r.errorSamples().forEach(e -> out.append("  ").append(e).append('\n'));
        }
        return out.toString();
    }

    private static String examples(List<String> ids) {
        return ids == null || ids.isEmpty() ? "" : "   e.g. " + String.join(", ", ids);
    }
}

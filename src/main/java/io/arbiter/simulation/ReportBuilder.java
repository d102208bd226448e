package io.arbiter.simulation;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.RuleRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Accumulates a report one decision at a time. Memory is bounded by the number of distinct owners,
 * dimension values (capped per dimension) and rows — never by the length of the history.
 */
final class ReportBuilder {
    static final int MAX_VALUES_PER_DIMENSION = 1000;
    static final String[] KINDS = {"owner", "implementation", "mode", "acceptance", "translation", "failureContract",
            "destination", "outcome"};
    /**
     * The fact-model fields a report breaks its decisions down by: those that group commands (not the
     * per-command ids, nor the product and tier, which few tables route by), named as tables name them.
     */
    private static final List<FactField> DIMENSIONS = List.of(FactModel.TYPE, FactModel.MARKET, FactModel.TENANT,
            FactModel.CHANNEL, FactModel.COHORT);

    private final String candidate;
    private final String baseline;
    private final int examples;
    private final Collection<RuleRow> candidateRows;
    private long replayed;
    private long changed;
    private long errors;
    private long noise;
    private long newNoOwner;
    private long newAmbiguous;
    private final Map<String, Long> changesByKind = new LinkedHashMap<>();
    private final Map<String, List<String>> examplesByKind = new LinkedHashMap<>();
    private final Map<String, Map<String, long[]>> breakdown = new LinkedHashMap<>();
    private final Map<List<String>, long[]> transitions = new HashMap<>();
    private final Map<List<String>, List<String>> transitionExamples = new HashMap<>();
    private final Map<String, Long> hits = new HashMap<>();
    private final List<String> noOwnerExamples = new ArrayList<>();
    private final List<String> ambiguousExamples = new ArrayList<>();
    private final List<String> errorSamples = new ArrayList<>();
    /** Per dimension, values in the order they were first seen: what {@link #merge} needs to cap exactly as one pass would. */
    private final Map<String, List<String>> firstSeen = new HashMap<>();

    private final Map<String, String> assumedSignals;

    ReportBuilder(String candidate, String baseline, int examples, Collection<RuleRow> candidateRows, Map<String, Object> assumed) {
        this.assumedSignals = assumed.isEmpty() ? null : new TreeMap<>();
        assumed.forEach((name, value) -> assumedSignals.put(name, io.arbiter.decision.SignalDeclaration.text(value)));
        this.candidate = candidate;
        this.baseline = baseline;
        this.examples = examples;
        this.candidateRows = candidateRows;
        for (String kind : KINDS) {
            changesByKind.put(kind, 0L);
        }
        DIMENSIONS.forEach(d -> breakdown.put(d.name(), new TreeMap<>()));
    }

    void error(String message) {
        errors++;
        addUpTo(errorSamples, message);
    }

    /** One replayed decision: what the baseline said, what the candidate says. */
    void add(ReplayRecord record, RoutingResult before, RoutingResult after, boolean candidateMadeIt) {
        replayed++;
        String id = record.decisionId() != null ? record.decisionId() : record.envelope().commandId();
        List<String> kinds = differences(before, after);
        boolean isChanged = !kinds.isEmpty();
        if (isChanged) {
            changed++;
            if (candidateMadeIt) {
                noise++;
            }
            for (String kind : kinds) {
                changesByKind.merge(kind, 1L, Long::sum);
                addUpTo(examplesByKind.computeIfAbsent(kind, k -> new ArrayList<>()), id);
            }
        }
        for (FactField d : DIMENSIONS) {
            long[] counts = counts(d.name(), Objects.requireNonNullElse(d.text().apply(record.envelope()), "(none)"));
            counts[0]++;
            if (isChanged) {
                counts[1]++;
            }
        }
        List<String> cell = List.of(ownerOf(before), ownerOf(after));
        transitions.computeIfAbsent(cell, c -> new long[1])[0]++;
        if (!cell.get(0).equals(cell.get(1))) {
            addUpTo(transitionExamples.computeIfAbsent(cell, c -> new ArrayList<>()), id);
        }
        if (after.outcome() != before.outcome()) {
            if (after.outcome() == io.arbiter.decision.Outcome.NO_OWNER) {
                newNoOwner++;
                addUpTo(noOwnerExamples, id);
            } else if (after.outcome() == io.arbiter.decision.Outcome.AMBIGUOUS) {
                newAmbiguous++;
                addUpTo(ambiguousExamples, id);
            }
        }
        for (String rule : after.matchedRules()) {
            hits.merge(rule, 1L, Long::sum);
        }
    }

    /** How many records this builder has taken in (replayed or in error). */
    long records() {
        return replayed + errors;
    }

    /**
     * Adds what {@code later} accumulated over the records that came right after this builder's:
     * the result is exactly what one builder would hold after both runs of records, examples and
     * the per-dimension cap included. {@code later} must hold at most
     * {@link #MAX_VALUES_PER_DIMENSION} records, so that it never capped a dimension itself.
     */
    void merge(ReportBuilder later) {
        replayed += later.replayed;
        changed += later.changed;
        errors += later.errors;
        noise += later.noise;
        newNoOwner += later.newNoOwner;
        newAmbiguous += later.newAmbiguous;
        later.changesByKind.forEach((k, n) -> changesByKind.merge(k, n, Long::sum));
        later.examplesByKind.forEach((k, ids) -> appendUpTo(examplesByKind.computeIfAbsent(k, x -> new ArrayList<>()), ids));
        later.breakdown.forEach((d, values) -> {
            for (String value : later.firstSeen.getOrDefault(d, List.of())) {
                long[] add = values.get(value);
                long[] counts = counts(d, value);
                counts[0] += add[0];
                counts[1] += add[1];
            }
        });
        later.transitions.forEach((cell, n) -> transitions.computeIfAbsent(cell, c -> new long[1])[0] += n[0]);
        later.transitionExamples.forEach((cell, ids) -> appendUpTo(transitionExamples.computeIfAbsent(cell, c -> new ArrayList<>()), ids));
        appendUpTo(noOwnerExamples, later.noOwnerExamples);
        appendUpTo(ambiguousExamples, later.ambiguousExamples);
        appendUpTo(errorSamples, later.errorSamples);
        later.hits.forEach((rule, n) -> hits.merge(rule, n, Long::sum));
    }

    /**
     * The counts (records, changed) of {@code value} in {@code dimension}: "(other)" for a new value
     * once the dimension holds {@link #MAX_VALUES_PER_DIMENSION}; new keys are remembered in the
     * order first seen, which {@link #merge} replays.
     */
    private long[] counts(String dimension, String value) {
        Map<String, long[]> values = breakdown.get(dimension);
        String key = values.containsKey(value) || values.size() < MAX_VALUES_PER_DIMENSION ? value : "(other)";
        long[] counts = values.get(key);
        if (counts == null) {
            counts = new long[2];
            values.put(key, counts);
            firstSeen.computeIfAbsent(dimension, k -> new ArrayList<>()).add(key);
        }
        return counts;
    }

    /** Examples and samples are capped at {@code examples} per list, the first ones kept. */
    private void addUpTo(List<String> into, String id) {
        if (into.size() < examples) {
            into.add(id);
        }
    }

    private void appendUpTo(List<String> into, List<String> more) {
        more.forEach(id -> addUpTo(into, id));
    }

    static List<String> differences(RoutingResult a, RoutingResult b) {
        List<String> kinds = new ArrayList<>(2);
        diff(kinds, "owner", a.owner(), b.owner());
        diff(kinds, "implementation", a.implementation(), b.implementation());
        diff(kinds, "mode", a.mode(), b.mode());
        diff(kinds, "acceptance", a.acceptance(), b.acceptance());
        diff(kinds, "translation", a.translation(), b.translation());
        diff(kinds, "failureContract", a.failureContract(), b.failureContract());
        diff(kinds, "destination", a.destination(), b.destination());
        diff(kinds, "outcome", a.outcome(), b.outcome());
        return kinds;
    }

    private static void diff(List<String> kinds, String kind, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            kinds.add(kind);
        }
    }

    private static String ownerOf(RoutingResult r) {
        return r.owner() != null ? r.owner() : "(" + r.outcome() + ")";
    }

    SimulationReport build() {
        Map<String, Map<String, SimulationReport.Counts>> dims = new LinkedHashMap<>();
        breakdown.forEach((d, values) -> {
            Map<String, SimulationReport.Counts> out = new LinkedHashMap<>();
            values.entrySet().stream().sorted(Map.Entry.<String, long[]>comparingByValue(
                    Comparator.comparingLong((long[] c) -> c[1]).thenComparingLong(c -> c[0])).reversed())
                    .forEach(e -> out.put(e.getKey(), new SimulationReport.Counts(e.getValue()[0], e.getValue()[1])));
            dims.put(d, out);
        });
        List<SimulationReport.Transition> matrix = transitions.entrySet().stream()
                .map(e -> new SimulationReport.Transition(e.getKey().get(0), e.getKey().get(1), e.getValue()[0],
                        transitionExamples.getOrDefault(e.getKey(), List.of())))
                .sorted(Comparator.comparing(SimulationReport.Transition::from).thenComparing(SimulationReport.Transition::to))
                .toList();
        List<SimulationReport.RowHits> rowsHit = new ArrayList<>();
        List<SimulationReport.RowAt> dead = new ArrayList<>();
        candidateRows.stream().sorted(Comparator.comparingInt(RuleRow::precedence).thenComparingInt(RuleRow::row))
                .forEach(r -> {
                    long n = hits.getOrDefault(r.name(), 0L);
                    if (n > 0) {
                        rowsHit.add(new SimulationReport.RowHits(r.name(), r.table(), r.file(), r.sheet(), r.row(), n));
                    } else {
                        dead.add(new SimulationReport.RowAt(r.name(), r.table(), r.file(), r.sheet(), r.row()));
                    }
                });
        return new SimulationReport(candidate, baseline, replayed, replayed - changed, changed, errors, noise,
                changesByKind, examplesByKind, dims, matrix, newNoOwner, newAmbiguous, noOwnerExamples,
                ambiguousExamples, rowsHit, dead.stream().map(SimulationReport.RowAt::rule).toList(), dead, errorSamples,
                assumedSignals);
    }
}

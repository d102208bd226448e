package io.arbiter.simulation;

import java.util.List;
import java.util.Map;

/**
 * What a candidate rule set would change over a history.
 *
 * @param noise            changed decisions whose recorded revision is the candidate itself: must be 0
 * @param changesByKind    how many changed decisions changed each field (one decision can count for several)
 * @param breakdown        dimension (type, market, tenant, channel, cohort) → value → counts
 * @param ownerTransitions from owner → to owner (outcome in parentheses when there is none), with counts
 * @param rowsHit          candidate rows that decided something, with how often
 * @param deadRows         candidate rows that decided nothing in this history, by name (what the text report lists)
 * @param deadRowsAt       the same rows, in the same order, with where each one is (file, sheet, table, row) so the
 *                         table editor can mark them; null in reports stored before it was added, which name them only
 * @param assumedSignals   the signal values a "what if" replayed every decision with instead of the recorded ones
 *                         (as text, by name); null when the decisions' own signals were replayed
 */
public record SimulationReport(
        String candidate,
        String baseline,
        long replayed,
        long unchanged,
        long changed,
        long errors,
        long noise,
        Map<String, Long> changesByKind,
        Map<String, List<String>> examplesByKind,
        Map<String, Map<String, Counts>> breakdown,
        List<Transition> ownerTransitions,
        long newNoOwner,
        long newAmbiguous,
        List<String> newNoOwnerExamples,
        List<String> newAmbiguousExamples,
        List<RowHits> rowsHit,
        List<String> deadRows,
        List<RowAt> deadRowsAt,
        List<String> errorSamples,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Map<String, String> assumedSignals) {

    /** A report stored as JSON (as written by the CLI's --json and the service). */
    public static SimulationReport fromJson(String json) {
        try {
            return HistoryReader.JSON.readValue(json, SimulationReport.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not a simulation report: " + e.getOriginalMessage(), e);
        }
    }

    /** The share of replayed decisions that changed, 0–1. */
    public double changedShare() {
        return replayed == 0 ? 0 : (double) changed / replayed;
    }

    public record Counts(long replayed, long changed) {
    }

    public record Transition(String from, String to, long count, List<String> examples) {
    }

    /** A row that decided something: where it is ({@code sheet} null for CSV and DRL, and in reports stored before it was added). */
    public record RowHits(String rule, String table, String file, String sheet, int row, long hits) {
    }

    /** Where a row is: the file, its worksheet (null for CSV and DRL), the RuleTable and the spreadsheet row. */
    public record RowAt(String rule, String table, String file, String sheet, int row) {
    }
}

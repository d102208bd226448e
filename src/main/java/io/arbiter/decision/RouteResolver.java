package io.arbiter.decision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the proposals of all matching rows into one decision.
 *
 * <ol>
 *   <li>Within a table, the first matching row (top to bottom) wins; the others are ignored. A row
 *       matches when the engine matched its command fields and its signal columns hold
 *       ({@link SignalCondition}); those are tested row by row from the top, only until one holds.</li>
 *   <li>Winning rows apply in table precedence: a later table overrides the fields it sets.</li>
 *   <li>{@code owner} may come from one table only; two tables naming different owners is AMBIGUOUS.</li>
 *   <li>No owner at all is NO_OWNER. Neither is an error: both are answered and audited.</li>
 *   <li>Unset fields default: mode DIRECT, acceptance by mode (DIRECT → IMMEDIATE_OUTCOME,
 *       ORCHESTRATED → ACCEPTED, ASYNC → EVENTUAL), failure contract REJECT.</li>
 *   <li>The reasons are the winning rows' in precedence order, then each signal a tested row
 *       consulted, by name ({@code SIGNAL: …} when its value was used, {@code STALE_SIGNAL: name, age …}
 *       when it could not be), then why there is no owner or no single one.</li>
 * </ol>
 */
public final class RouteResolver {
    private RouteResolver() {
    }

    /** The decision for the rows' proposals, their signal columns tested against {@code readings}. */
    public static RoutingResult resolve(String commandType, List<Route.Proposal> proposals, SignalReadings readings) {
        boolean[] consulted = consulted(readings);
        return combine(commandType, winners(proposals, readings, consulted), signalReasons(readings, consulted));
    }

    /**
     * The same result, with the winning rows themselves: {@code matchedRows} is built from the very
     * rows {@code matchedRules} is, so the two cannot disagree.
     */
    public static ExplainedResult explain(String commandType, List<Route.Proposal> proposals, SignalReadings readings) {
        boolean[] consulted = consulted(readings);
        List<Route.Proposal> winners = winners(proposals, readings, consulted);
        List<RuleRow> rows = new ArrayList<>(winners.size());
        winners.forEach(p -> rows.add(p.row));
        return new ExplainedResult(combine(commandType, winners, signalReasons(readings, consulted)), rows);
    }

    private static final Comparator<Route.Proposal> TOP_DOWN =
            Comparator.<Route.Proposal>comparingInt(p -> p.row.precedence()).thenComparingInt(p -> p.row.row());

    /** The first row of each table whose signal columns hold, tested from the top; in table precedence. */
    private static List<Route.Proposal> winners(List<Route.Proposal> proposals, SignalReadings readings, boolean[] consulted) {
        List<Route.Proposal> ordered = new ArrayList<>(proposals);
        ordered.sort(TOP_DOWN);
        List<Route.Proposal> winners = new ArrayList<>(ordered.size());
        int table = Integer.MIN_VALUE;
        for (Route.Proposal p : ordered) {
            if (p.row.precedence() == table) {
                continue; // this table has its row
            }
            if (p.signals == null || p.signals.holds(readings, consulted)) {
                winners.add(p);
                table = p.row.precedence();
            }
        }
        return winners;
    }

    /** Which of the readings a tested row looked at, by place; null when there are none to look at. */
    private static boolean[] consulted(SignalReadings readings) {
        return readings.size() == 0 ? null : new boolean[readings.size()];
    }

    /** A reason per consulted signal, in name order (the readings' order). */
    private static List<String> signalReasons(SignalReadings readings, boolean[] consulted) {
        if (consulted == null) {
            return List.of();
        }
        List<String> reasons = new ArrayList<>(consulted.length);
        for (int i = 0; i < consulted.length; i++) {
            if (consulted[i]) {
                reasons.add(readings.reason(i));
            }
        }
        return reasons;
    }

    private static RoutingResult combine(String commandType, Collection<Route.Proposal> winners, List<String> signalReasons) {
        List<String> matched = new ArrayList<>(winners.size());
        List<String> reasons = new ArrayList<>(winners.size() + signalReasons.size() + 1);
        Map<String, Route.Proposal> owners = new LinkedHashMap<>();
        String owner = null;
        String implementation = null;
        Mode mode = null;
        Acceptance acceptance = null;
        String translation = null;
        FailureContract failureContract = null;
        String destination = null;
        for (Route.Proposal p : winners) {
            matched.add(p.row.name());
            reasons.add("Table '" + p.row.table() + "' row " + p.row.row() + " '" + p.row.name() + "' set "
                    + p.describe() + (p.reason == null ? "" : ": " + p.reason));
            if (p.owner != null) {
                owners.putIfAbsent(p.owner, p);
                owner = p.owner;
            }
            implementation = p.implementation != null ? p.implementation : implementation;
            mode = p.mode != null ? p.mode : mode;
            acceptance = p.acceptance != null ? p.acceptance : acceptance;
            translation = p.translation != null ? p.translation : translation;
            failureContract = p.failureContract != null ? p.failureContract : failureContract;
            destination = p.destination != null ? p.destination : destination;
        }
        reasons.addAll(signalReasons);
        if (owners.isEmpty()) {
            reasons.add("No row assigns an owner to '" + commandType + "': this is a boundary gap in the rule set");
            return new RoutingResult(Outcome.NO_OWNER, null, null, null, null, null, null, null, matched, reasons);
        }
        if (owners.size() > 1) {
            List<String> claims = new ArrayList<>();
            owners.values().stream().sorted(Comparator.comparingInt(p -> p.row.precedence()))
                    .forEach(p -> claims.add("'" + p.owner + "' (table '" + p.row.table() + "' row " + p.row.row() + ")"));
            reasons.add("Tables disagree on the owner of '" + commandType + "': " + String.join(" vs ", claims)
                    + "; only one table may assign the owner");
            return new RoutingResult(Outcome.AMBIGUOUS, null, null, null, null, null, null, null, matched, reasons);
        }
        Mode effectiveMode = mode == null ? Mode.DIRECT : mode;
        return new RoutingResult(Outcome.ROUTED, owner, implementation, effectiveMode,
                acceptance == null ? Acceptance.defaultFor(effectiveMode) : acceptance,
                translation, failureContract == null ? FailureContract.REJECT : failureContract,
                destination, matched, reasons);
    }
}

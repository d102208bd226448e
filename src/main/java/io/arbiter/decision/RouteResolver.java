package io.arbiter.decision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the proposals of all matching rows into one decision.
 *
 * <ol>
 *   <li>Within a table, the first matching row (top to bottom) wins; the others are ignored.</li>
 *   <li>Winning rows apply in table precedence: a later table overrides the fields it sets.</li>
 *   <li>{@code owner} may come from one table only; two tables naming different owners is AMBIGUOUS.</li>
 *   <li>No owner at all is NO_OWNER. Neither is an error: both are answered and audited.</li>
 *   <li>Unset fields default: mode DIRECT, acceptance by mode (DIRECT → IMMEDIATE_OUTCOME,
 *       ORCHESTRATED → ACCEPTED, ASYNC → EVENTUAL), failure contract REJECT.</li>
 *   <li>The reasons are the winning rows' in precedence order, then each signal a row consulted, by
 *       name ({@code SIGNAL: …} when its value was used, {@code STALE_SIGNAL: name, age …} when it
 *       could not be), then why there is no owner or no single one.</li>
 * </ol>
 */
public final class RouteResolver {
    private RouteResolver() {
    }

    /** The decision for the rows' proposals; {@code signalReasons} are those of the signals the rows consulted. */
    public static RoutingResult resolve(String commandType, List<Route.Proposal> proposals, List<String> signalReasons) {
        return combine(commandType, winners(proposals), signalReasons);
    }

    /**
     * The same result, with the winning rows themselves: {@code matchedRows} is built from the very
     * rows {@code matchedRules} is, so the two cannot disagree.
     */
    public static ExplainedResult explain(String commandType, List<Route.Proposal> proposals, List<String> signalReasons) {
        Collection<Route.Proposal> winners = winners(proposals);
        List<RuleRow> rows = new ArrayList<>(winners.size());
        winners.forEach(p -> rows.add(p.row));
        return new ExplainedResult(combine(commandType, winners, signalReasons), rows);
    }

    /** The first matching row of each table, in table precedence. */
    private static Collection<Route.Proposal> winners(List<Route.Proposal> proposals) {
        Map<Integer, Route.Proposal> winners = new TreeMap<>();
        for (Route.Proposal p : proposals) {
            winners.merge(p.row.precedence(), p, (a, b) -> a.row.row() <= b.row.row() ? a : b);
        }
        return winners.values();
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

package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.RuleRow;
import io.arbiter.decision.SignalReading;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One named case per row of the bundled tables and rules: the policy an analyst reads is the policy that runs. */
class BundledRuleSetTest {
    static CompiledRuleSet bundled;

    @BeforeAll
    static void compileBundled() {
        bundled = TestSignals.compiler().compile(1, BundledRuleSet.load());
    }

    /**
     * @param row      the rule (business phrase) that must decide the case, in its table
     * @param envelope "type market channel product cohort businessKey [attr=value …] [~signal=value|stale …]" ("-" =
     *                 absent); the adaptive policy's signals are {@link TestSignals#healthy healthy} unless a case says
     * @param expected "owner implementation mode acceptance translation failureContract destination" ("-" = null)
     */
    record Case(String row, String envelope, String expected) {
        @Override
        public String toString() {
            return row;
        }
    }

    static Stream<Case> everyBundledRow() {
        return Stream.of(
                // 10-ownership.drl.xlsx — Command ownership
                new Case("Order Management owns order placement", "PlaceOrder US web - - order-1001",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME - REJECT https://oms-legacy.internal/commands"),
                new Case("Order Management owns order cancellation", "CancelOrder US web - - order-1001",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME - COMPENSATE https://oms-legacy.internal/commands"),
                new Case("Inventory owns stock reservations", "ReserveInventory US web - - sku-1",
                        "inventory - DIRECT IMMEDIATE_OUTCOME - RETRY https://inventory.internal/commands"),
                new Case("Billing owns refunds", "IssueRefund US web - - refund-1 amount=120",
                        "billing - ORCHESTRATED ACCEPTED - COMPENSATE https://refund-process.internal/commands"),
                new Case("Fulfillment owns release for fulfillment", "ReleaseOrderForFulfillment US web - - order-1001",
                        "fulfillment - ASYNC EVENTUAL - RECONCILE fulfillment.commands.v1"),
                new Case("Customer owns address changes", "ChangeCustomerAddress US web - - customer-42",
                        "customer - DIRECT IMMEDIATE_OUTCOME - REJECT https://customer.internal/commands"),
                // 20-order-migration.drl.csv — Order migration
                new Case("Marketplace luxury orders go through legacy financial controls", "PlaceOrder EU marketplace luxury - order-1007",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME legacy-financial-controls-acl REJECT https://oms-legacy.internal/commands"),
                new Case("Pilot cohort orders go to the new orchestrator", "CancelOrder US web - pilot-2026 order-1001",
                        "order-management new ORCHESTRATED ACCEPTED - COMPENSATE https://order-orchestrator.internal/commands"),
                new Case("EU web orders in the 20 % rollout go to the new orchestrator", "PlaceOrder EU web - - order-1007",
                        "order-management new ORCHESTRATED ACCEPTED - REJECT https://order-orchestrator.internal/commands"),
                new Case("Store orders stay on the legacy OMS", "PlaceOrder EU store - - order-1007",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME - REJECT https://oms-legacy.internal/commands"),
                new Case("All other orders stay on the legacy OMS", "PlaceOrder EU web - - order-1001",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME - REJECT https://oms-legacy.internal/commands"),
                // 25-adaptive-fulfilment.drl.csv — Adaptive fulfilment (the EU web order in the rollout that would go new)
                new Case("EU direct-to-consumer orders stay on legacy while their signals are stale",
                        "PlaceOrder EU web - - order-1007 ~fulfillment-planner.backlogged=stale",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME - REJECT https://oms-legacy.internal/commands"),
                new Case("EU direct-to-consumer orders stay on legacy unless inventory confidence is high",
                        "CancelOrder EU web - - order-1007 ~inventory-confidence.EU=MEDIUM",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME - COMPENSATE https://oms-legacy.internal/commands"),
                new Case("EU direct-to-consumer orders stay on legacy while the fulfillment planner is backlogged",
                        "PlaceOrder EU web - - order-1007 ~fulfillment-planner.backlogged=true",
                        "order-management legacy DIRECT IMMEDIATE_OUTCOME - REJECT https://oms-legacy.internal/commands"),
                // 30-data-residency.drl.xlsx — Data residency refines the implementation of every command
                new Case("APAC commands with restricted data residency stay in regional services", "PlaceOrder JP web - - order-1007 dataResidency=restricted",
                        "order-management regional-apac DIRECT IMMEDIATE_OUTCOME - REJECT https://commands.apac.internal"),
                new Case("EU commands with restricted data residency stay in the EU region", "ReserveInventory EU web - - sku-9 dataResidency=restricted",
                        "inventory regional-eu DIRECT IMMEDIATE_OUTCOME - RETRY https://commands.eu.internal"),
                // rules/40-refund-controls.drl — engineer-owned DRL
                new Case("Refunds over 5000 pass legacy financial controls", "IssueRefund US web - - refund-2 amount=7500.00",
                        "billing legacy ORCHESTRATED ACCEPTED legacy-financial-controls-acl COMPENSATE https://oms-legacy.internal/refunds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyBundledRow")
    void bundledRowDecides(Case c) {
        RoutingResult r = decide(c.envelope());
        String[] e = c.expected().split(" ");
        assertEquals(Outcome.ROUTED, r.outcome(), r.reasons().toString());
        assertEquals(true, r.matchedRules().contains(c.row()), "expected " + c.row() + " among " + r.matchedRules());
        assertEquals(List.of(e), List.of(
                dash(r.owner()), dash(r.implementation()), dash(r.mode()), dash(r.acceptance()), dash(r.translation()),
                dash(r.failureContract()), dash(r.destination())), r.reasons().toString());
    }

    @Test
    void everyBundledRowHasACase() {
        Set<String> covered = everyBundledRow().map(Case::row).collect(Collectors.toSet());
        Set<String> rows = bundled.rows().stream().map(RuleRow::name).collect(Collectors.toSet());
        assertEquals(rows, covered);
    }

    @Test
    void aCommandNoTableOwnsIsNoOwner() {
        RoutingResult r = decide("UpdateOrderStatus US web - - order-1001");
        assertEquals(Outcome.NO_OWNER, r.outcome());
        assertEquals(List.of(), r.matchedRules());
        assertEquals(true, r.reasons().get(0).contains("No row assigns an owner to 'UpdateOrderStatus'"));
    }

    @Test
    void thePilotRowIsNotInEffectBeforeItsStartDate() {
        Command pilot = envelope("PlaceOrder US web - pilot-2026 order-1001").command();
        assertEquals("new", bundled.evaluate(pilot, Instant.parse("2026-01-15T00:00:01Z")).implementation());
        assertEquals("legacy", bundled.evaluate(pilot, Instant.parse("2026-01-14T23:59:59Z")).implementation());
    }

    @Test
    void theAdaptiveRowsSayWhichSignalsTheyReadAndWhyTheOrderStaysOnLegacy() {
        RoutingResult stale = decide("PlaceOrder EU web - - order-1007 ~inventory-confidence.EU=stale");
        assertEquals(true, stale.reasons().contains("STALE_SIGNAL: inventory-confidence.EU, age 20m"), stale.reasons().toString());
        RoutingResult healthy = decide("PlaceOrder EU web - - order-1007");
        assertEquals("new", healthy.implementation());
        assertEquals(List.of("SIGNAL: fulfillment-planner.backlogged = false, age 5s", "SIGNAL: inventory-confidence.EU = HIGH, age 30s"),
                healthy.reasons().stream().filter(r -> r.startsWith("SIGNAL")).toList());
        RoutingResult elsewhere = decide("PlaceOrder US web - - order-1007 ~inventory-confidence.EU=stale");
        assertEquals(List.of(), elsewhere.reasons().stream().filter(r -> r.contains("SIGNAL")).toList(),
                "a US order never reaches the signal columns: its reasons name none");
    }

    /** The bundled rule set's decision, at {@link RuleSets#DECIDED_AT}, of the command and signals {@code spec} describes. */
    private static RoutingResult decide(String spec) {
        Asked asked = envelope(spec);
        return bundled.evaluate(asked.command(), bundled.readings(asked.signals(), RuleSets.DECIDED_AT), RuleSets.DECIDED_AT);
    }

    /** A command, and the signals read with it: the bundled ones healthy but for those {@code ~name=value} changes. */
    private record Asked(Command command, Map<String, SignalReading> signals) {
    }

    private static Asked envelope(String spec) {
        String[] p = spec.split(" ");
        Map<String, String> attributes = new HashMap<>();
        Map<String, SignalReading> signals = new HashMap<>(TestSignals.healthy(RuleSets.DECIDED_AT));
        for (int i = 6; i < p.length; i++) {
            String[] kv = p[i].split("=", 2);
            if (kv[0].startsWith("~")) {
                String name = kv[0].substring(1);
                SignalReading was = signals.get(name);
                signals.put(name, kv[1].equals("stale")
                        ? new SignalReading(name, was.value(), RuleSets.DECIDED_AT.minusSeconds(1200), true)
                        : new SignalReading(name, kv[1].equals("true") ? (Object) true : kv[1], was.observedAt(), false));
            } else {
                attributes.put(kv[0], kv[1]);
            }
        }
        CommandEnvelope envelope = new CommandEnvelope("cmd-" + p[5], p[0], p[5], "acme", nul(p[1]), nul(p[2]), nul(p[3]), null,
                nul(p[4]), attributes, null, null, null);
        return new Asked(new Command(envelope, io.arbiter.decision.Bucket.of(envelope.bucketKey())), signals);
    }

    private static String nul(String s) {
        return s.equals("-") ? null : s;
    }

    private static String dash(Object o) {
        return o == null ? "-" : o.toString();
    }
}

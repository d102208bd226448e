package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.Mode;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.support.Workbooks;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.arbiter.ruleset.RuleSets.command;
import static io.arbiter.ruleset.RuleSets.compile;
import static io.arbiter.ruleset.RuleSets.decide;
import static io.arbiter.ruleset.RuleSets.file;
import static io.arbiter.ruleset.RuleSets.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSetSemanticsTest {
    static final String[] OWNER_BY_TYPE_AND_MARKET = {
            "CONDITION|type == \"$param\"|Type", "CONDITION|market == \"$param\"|Market", "ACTION|route.owner(\"$param\");|Owner"};
    static final String[] IMPLEMENTATION_BY_TYPE = {
            "CONDITION|type == \"$param\"|Type", "ACTION|route.implementation(\"$param\");|Implementation",
            "ACTION|route.mode(\"$param\");|Mode"};

    @Test
    void theFirstMatchingRowOfATableWins() {
        CompiledRuleSet specificFirst = compile(file("10-owners.drl.csv", table("Owners", OWNER_BY_TYPE_AND_MARKET,
                "EU orders,PlaceOrder,EU,eu-orders",
                "All orders,PlaceOrder,,orders")));
        assertEquals("eu-orders", decide(specificFirst, command("PlaceOrder", "EU", "web", "k", Map.of())).owner());
        assertEquals("orders", decide(specificFirst, command("PlaceOrder", "US", "web", "k", Map.of())).owner());
        assertEquals(List.of("EU orders"), decide(specificFirst, command("PlaceOrder", "EU", "web", "k", Map.of())).matchedRules());

        CompiledRuleSet generalFirst = compile(file("10-owners.drl.csv", table("Owners", OWNER_BY_TYPE_AND_MARKET,
                "All orders,PlaceOrder,,orders",
                "EU orders,PlaceOrder,EU,eu-orders")));
        assertEquals("orders", decide(generalFirst, command("PlaceOrder", "EU", "web", "k", Map.of())).owner());
    }

    @Test
    void laterTablesRefineEarlierOnesInFileNameOrder() {
        String owners = table("Owners", OWNER_BY_TYPE_AND_MARKET, "Orders,PlaceOrder,,orders");
        String legacy = table("Legacy", IMPLEMENTATION_BY_TYPE, "Orders on legacy,PlaceOrder,legacy,DIRECT");
        String modern = table("Modern", IMPLEMENTATION_BY_TYPE, "Orders on new,PlaceOrder,new,ASYNC");

        RoutingResult modernLast = decide(compile(file("10-owners.drl.csv", owners), file("20-legacy.drl.csv", legacy),
                file("30-modern.drl.csv", modern)), command("PlaceOrder", "EU", "web", "k", Map.of()));
        assertEquals("new", modernLast.implementation());
        assertEquals(Mode.ASYNC, modernLast.mode());
        assertEquals(List.of("Orders", "Orders on legacy", "Orders on new"), modernLast.matchedRules());

        RoutingResult legacyLast = decide(compile(file("10-owners.drl.csv", owners), file("30-legacy.drl.csv", legacy),
                file("20-modern.drl.csv", modern)), command("PlaceOrder", "EU", "web", "k", Map.of()));
        assertEquals("legacy", legacyLast.implementation());
        assertEquals(Mode.DIRECT, legacyLast.mode());
    }

    @Test
    void tablesInOneWorkbookApplyTopToBottomAndSheetBySheet() {
        List<String[]> first = Workbooks.csv(table("Owners", OWNER_BY_TYPE_AND_MARKET, "Orders,PlaceOrder,,orders").strip());
        List<String[]> second = Workbooks.csv(table("Implementations", IMPLEMENTATION_BY_TYPE,
                "Orders on new,PlaceOrder,new,ORCHESTRATED").strip());
        Map<String, List<String[]>> sheets = new java.util.LinkedHashMap<>();
        sheets.put("Owners", first);
        sheets.put("Notes", List.<String[]>of(new String[] {"Free text for analysts; no RuleTable here"}));
        sheets.put("Implementations", second);
        CompiledRuleSet ruleSet = compile(new RuleSetFile("10-policy.drl.xlsx", Workbooks.xlsx(sheets)));
        RoutingResult r = decide(ruleSet, command("PlaceOrder", "EU", "web", "k", Map.of()));
        assertEquals("orders", r.owner());
        assertEquals("new", r.implementation());
        assertEquals(List.of("Orders", "Orders on new"), r.matchedRules());
    }

    @Test
    void twoTablesNamingDifferentOwnersIsAmbiguousAndNamesBoth() {
        CompiledRuleSet ruleSet = compile(
                file("10-orders.drl.csv", table("Order owners", OWNER_BY_TYPE_AND_MARKET, "Orders,PlaceOrder,,order-management")),
                file("20-checkout.drl.csv", table("Checkout owners", OWNER_BY_TYPE_AND_MARKET, "Checkout orders,PlaceOrder,,checkout")));
        RoutingResult r = decide(ruleSet, command("PlaceOrder", "EU", "web", "k", Map.of()));
        assertEquals(Outcome.AMBIGUOUS, r.outcome());
        assertNull(r.owner());
        assertNull(r.mode());
        assertEquals(List.of("Orders", "Checkout orders"), r.matchedRules());
        String last = r.reasons().get(r.reasons().size() - 1);
        assertTrue(last.contains("'order-management' (table 'Order owners' row 8)") && last.contains("'checkout' (table 'Checkout owners' row 8)"), last);
    }

    @Test
    void twoTablesNamingTheSameOwnerAgree() {
        CompiledRuleSet ruleSet = compile(
                file("10-a.drl.csv", table("A", OWNER_BY_TYPE_AND_MARKET, "Orders,PlaceOrder,,order-management")),
                file("20-b.drl.csv", table("B", OWNER_BY_TYPE_AND_MARKET, "Orders again,PlaceOrder,,order-management")));
        assertEquals(Outcome.ROUTED, decide(ruleSet, command("PlaceOrder", "EU", "web", "k", Map.of())).outcome());
    }

    @Test
    void rowsThatOnlyRefineButNameNoOwnerAreNoOwner() {
        CompiledRuleSet ruleSet = compile(file("10-impl.drl.csv", table("Implementations", IMPLEMENTATION_BY_TYPE,
                "Orders on new,PlaceOrder,new,DIRECT")));
        RoutingResult r = decide(ruleSet, command("PlaceOrder", "EU", "web", "k", Map.of()));
        assertEquals(Outcome.NO_OWNER, r.outcome());
        assertEquals(List.of("Orders on new"), r.matchedRules());
        assertNull(r.implementation());
    }

    @Test
    void effectiveAndExpiryDatesAreJudgedAtDecisionTime() {
        String[] columns = {"CONDITION|type == \"$param\"|Type", "ACTION|route.owner(\"$param\");|Owner",
                "DATE-EFFECTIVE||From", "DATE-EXPIRES||Until"};
        CompiledRuleSet ruleSet = compile(file("10-owners.drl.csv", table("Owners", columns,
                "Summer owner,PlaceOrder,summer-team,2026-06-01,2026-09-01T12:00:00Z",
                "Default owner,PlaceOrder,orders,,")));
        Command c = command("PlaceOrder", "EU", "web", "k", Map.of());
        // The same pooled sessions answer every time, including going back in time.
        assertEquals("summer-team", ruleSet.evaluate(c, Instant.parse("2026-07-01T00:00:00Z")).owner());
        assertEquals("orders", ruleSet.evaluate(c, Instant.parse("2026-05-31T23:59:59Z")).owner());
        assertEquals("summer-team", ruleSet.evaluate(c, Instant.parse("2026-06-01T00:00:01Z")).owner());
        assertEquals("summer-team", ruleSet.evaluate(c, Instant.parse("2026-09-01T11:59:59Z")).owner());
        assertEquals("orders", ruleSet.evaluate(c, Instant.parse("2026-09-01T12:00:01Z")).owner());
    }

    /** [effective, expires): a row starts at its DATE-EFFECTIVE instant itself and has ended at its DATE-EXPIRES instant. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "2026-11-30T23:59:59.999Z, orders",
            "2026-12-01T00:00:00Z, pilot-team",
            "2026-12-01T00:00:00.000999Z, pilot-team",
            "2026-12-01T00:00:00.001Z, pilot-team",
            "2026-12-01T23:59:59.999Z, pilot-team",
            "2026-12-02T00:00:00Z, orders",
    })
    void aRowIsInEffectFromItsEffectiveInstantItselfAndNoLongerAtItsExpiry(String at, String owner) {
        String[] columns = {"CONDITION|type == \"$param\"|Type", "ACTION|route.owner(\"$param\");|Owner",
                "DATE-EFFECTIVE||From", "DATE-EXPIRES||Until"};
        CompiledRuleSet ruleSet = compile(file("10-owners.drl.csv", table("Owners", columns,
                "Pilot day,PlaceOrder,pilot-team,2026-12-01,2026-12-02",
                "Default owner,PlaceOrder,orders,,")));
        assertEquals(owner, ruleSet.evaluate(command("PlaceOrder", "EU", "web", "k", Map.of()), Instant.parse(at)).owner());
    }

    @Test
    void conditionsCanUseAttributesTheBucketAndEveryEnvelopeField() {
        String[] columns = {"CONDITION|attr(\"riskBand\") == \"$param\"|Risk band", "CONDITION|bucket < $param|Bucket below",
                "CONDITION|tenant == \"$param\"|Tenant", "CONDITION|customerTier == \"$param\"|Tier",
                "ACTION|route.owner(\"$param\");|Owner"};
        CompiledRuleSet ruleSet = compile(file("10-owners.drl.csv", table("Owners", columns,
                "High risk,HIGH,,,,risk-review",
                "Rollout,,20,acme,,new-orders",
                "Everyone else,,,,,orders")));
        assertEquals("risk-review", decide(ruleSet, command("PlaceOrder", "EU", "web", "order-1001", Map.of("riskBand", "HIGH"))).owner());
        assertEquals("new-orders", decide(ruleSet, command("PlaceOrder", "EU", "web", "order-1007", Map.of())).owner()); // bucket 8
        assertEquals("orders", decide(ruleSet, command("PlaceOrder", "EU", "web", "order-1001", Map.of())).owner()); // bucket 55
    }

    @Test
    void theSameTableAsXlsxAndAsCsvDecidesTheSame() {
        String csv = table("Owners", OWNER_BY_TYPE_AND_MARKET, "EU orders,PlaceOrder,EU,eu-orders", "Orders,PlaceOrder,,orders");
        CompiledRuleSet fromCsv = compile(file("10-owners.drl.csv", csv));
        CompiledRuleSet fromXlsx = compile(new RuleSetFile("10-owners.drl.xlsx", Workbooks.xlsx("Owners", Workbooks.csv(csv.strip()))));
        for (String market : new String[] {"EU", "US", null}) {
            Command c = command("PlaceOrder", market, "web", "k", Map.of());
            assertEquals(decide(fromCsv, c), decide(fromXlsx, c));
        }
        assertEquals("eu-orders", decide(fromXlsx, command("PlaceOrder", "EU", "web", "k", Map.of())).owner());
    }

    @Test
    void reusedSessionsGiveTheSameAnswersInAnyOrder() {
        CompiledRuleSet ruleSet = TestSignals.compiler().compile(1, BundledRuleSet.load());
        List<Command> commands = new ArrayList<>();
        String[] types = {"PlaceOrder", "CancelOrder", "IssueRefund", "ReserveInventory", "UpdateOrderStatus"};
        String[] markets = {"EU", "US", "JP", null};
        String[] channels = {"web", "store", "marketplace"};
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            commands.add(command(types[random.nextInt(types.length)], markets[random.nextInt(markets.length)],
                    channels[random.nextInt(channels.length)], "order-" + i,
                    random.nextBoolean() ? Map.of("dataResidency", "restricted", "amount", "9000") : Map.of()));
        }
        Map<Command, RoutingResult> first = new java.util.IdentityHashMap<>();
        commands.forEach(c -> first.put(c, decide(ruleSet, c)));
        List<Command> shuffled = new ArrayList<>(commands);
        Collections.shuffle(shuffled, random);
        CompiledRuleSet fresh = TestSignals.compiler().compile(1, BundledRuleSet.load());
        for (Command c : shuffled) {
            assertEquals(first.get(c), decide(fresh, c), c.toString());
            assertEquals(first.get(c), decide(ruleSet, c), c.toString());
        }
    }

    @Test
    void aFailingDrlConsequenceFailsThatDecisionOnly() {
        String drl = """
                package io.arbiter.test;
                import io.arbiter.decision.Command;
                global io.arbiter.decision.Route route;
                rule "Owner from an attribute"
                when Command(type == "PlaceOrder")
                then route.owner("orders"); route.mode("SIDEWAYS");
                end
                """;
        CompiledRuleSet ruleSet = compile(new RuleSetFile("10-owners.drl", drl.getBytes(StandardCharsets.UTF_8)),
                file("20-cancel.drl.csv", table("Cancel", OWNER_BY_TYPE_AND_MARKET, "Cancel,CancelOrder,,orders")));
        RuleEvaluationException e = assertThrows(RuleEvaluationException.class,
                () -> decide(ruleSet, command("PlaceOrder", "EU", "web", "k", Map.of())));
        assertTrue(e.getMessage().contains("'SIDEWAYS' is not a mode"), e.getMessage());
        assertEquals("orders", decide(ruleSet, command("CancelOrder", "EU", "web", "k", Map.of())).owner());
    }
}

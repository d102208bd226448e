package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.ExplainedResult;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RuleRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.arbiter.ruleset.RuleSets.command;
import static io.arbiter.ruleset.RuleSets.compile;
import static io.arbiter.ruleset.RuleSets.file;
import static io.arbiter.ruleset.RuleSets.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dry run's explanation: the decision's very result, plus the rows that decided, located in their files. */
class ExplainTest {
    static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");
    static CompiledRuleSet bundled;

    @BeforeAll
    static void compileBundled() {
        bundled = TestSignals.compiler().compile(1, BundledRuleSet.load());
    }

    @Test
    void theResultIsWhatEvaluateAnswersAndTheRowsAreTheMatchedRulesInOrder() {
        List<Command> commands = List.of(
                command("PlaceOrder", "EU", "web", "order-1007", Map.of()),
                command("PlaceOrder", "JP", "web", "order-1007", Map.of("dataResidency", "restricted")),
                command("IssueRefund", "US", "web", "refund-2", Map.of("amount", "7500.00")),
                command("UpdateOrderStatus", "US", "web", "order-1001", Map.of()),
                Command.of(new CommandEnvelope("c", "PlaceOrder", null, null, null, null, null, null, null, Map.of(), null, null, null)));
        for (Command c : commands) {
            ExplainedResult explained = bundled.explain(c, bundled.readings(Map.of(), AT), AT);
            assertEquals(bundled.evaluate(c, AT), explained.result(), c.toString());
            assertEquals(explained.result().matchedRules(), explained.matchedRows().stream().map(RuleRow::name).toList(), c.toString());
            assertTrue(bundled.rows().containsAll(explained.matchedRows()), c.toString());
        }
    }

    @Test
    void eachRowIsLocatedInItsFileSheetTableAndSpreadsheetRow() {
        ExplainedResult explained = bundled.explain(command("IssueRefund", "US", "web", "refund-2", Map.of("amount", "7500.00")), bundled.readings(Map.of(), AT), AT);
        assertEquals(List.of(
                        new RuleRow("Billing owns refunds", "10-ownership.drl.xlsx", "Ownership", "Command ownership", 11, 0),
                        new RuleRow("Refunds over 5000 pass legacy financial controls", "40-refund-controls.drl", null,
                                "40-refund-controls", 1, 4)),
                explained.matchedRows());
    }

    @Test
    void anAmbiguousAnswerShowsTheRowsOfBothTables() {
        String[] columns = {"CONDITION|type == \"$param\"|Type", "ACTION|route.owner(\"$param\");|Owner"};
        CompiledRuleSet ruleSet = compile(file("10-a.drl.csv", table("A", columns, "A owns orders,PlaceOrder,a")),
                file("20-b.drl.csv", table("B", columns, "B owns cancellations,CancelOrder,b", "B owns orders,PlaceOrder,b")));
        ExplainedResult explained = ruleSet.explain(command("PlaceOrder", "EU", "web", "k", Map.of()), ruleSet.readings(Map.of(), AT), AT);
        assertEquals(Outcome.AMBIGUOUS, explained.result().outcome());
        assertEquals(List.of(new RuleRow("A owns orders", "10-a.drl.csv", null, "A", 8, 0),
                new RuleRow("B owns orders", "20-b.drl.csv", null, "B", 9, 1)), explained.matchedRows());
    }
}

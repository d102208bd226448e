package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalReading;
import io.arbiter.decision.SignalReadings;
import io.arbiter.decision.SignalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.arbiter.ruleset.RuleSets.file;
import static io.arbiter.ruleset.RuleSets.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tables test signals by name as their declarations type them; a stale or missing signal never
 * satisfies a condition on its value, {@code stale("name")} routes on it, and the decision says
 * which signals its rows consulted. One case per type and comparison, per refused template or cell.
 */
class SignalConditionsTest {
    static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");
    static final Map<String, SignalDeclaration> SIGNALS = Map.of(
            "lag", new SignalDeclaration("lag", SignalType.NUMBER, List.of(), Duration.ofMinutes(2)),
            "payments.up", new SignalDeclaration("payments.up", SignalType.BOOLEAN, List.of(), Duration.ofSeconds(30)),
            "confidence", new SignalDeclaration("confidence", SignalType.LEVEL, List.of("LOW", "MEDIUM", "HIGH"), Duration.ofMinutes(15)));

    static CompiledRuleSet compile(String csv) {
        return new RuleSetCompiler(SIGNALS).compile(1, List.of(file("10-x.drl.csv", csv)));
    }

    static String oneCondition(String template, String cell) {
        return table("Signals", new String[] {"CONDITION|" + template + "|Value", "ACTION|route.owner(\"$param\");|Owner"},
                "Holds," + cell + ",owner-x");
    }

    static final Command COMMAND = new Command(CommandEnvelope.carrying(Map.of("commandId", "c-1", "type", "PlaceOrder"), Map.of()), 7);

    /** What {@code rules} decide for a command read with these signals (any other one never observed). */
    static RoutingResult evaluate(CompiledRuleSet rules, SignalReading... readings) {
        Map<String, SignalReading> map = new java.util.TreeMap<>();
        for (SignalReading r : readings) {
            map.put(r.name(), r);
        }
        return rules.evaluate(COMMAND, rules.readings(map, AT), AT);
    }

    static SignalReading fresh(String name, Object value) {
        return new SignalReading(name, value, AT.minusSeconds(4), false);
    }

    static SignalReading stale(String name, Object value) {
        return new SignalReading(name, value, AT.minusSeconds(192), true);
    }

    static Object value(String type, String text) {
        return switch (type) {
            case "NUMBER" -> new BigDecimal(text);
            case "BOOLEAN" -> Boolean.valueOf(text);
            default -> text;
        };
    }

    @ParameterizedTest(name = "{0} {1} {2} with {3}: {4}")
    @CsvSource({
            // signal, op, cell, value, holds
            "lag, <, 5000, 4999, true",
            "lag, <, 5000, 5000, false",
            "lag, <=, 5000, 5000, true",
            "lag, >, 5000, 5000.5, true",
            "lag, >=, 0.5, 0.50, true",
            "lag, ==, 1000, 1000.00, true",
            "lag, !=, 1000, 999, true",
            "lag, !=, 1000, 1000, false",
            "lag, <, -1, -2, true",
            "payments.up, ==, true, true, true",
            "payments.up, ==, TRUE, true, true",
            "payments.up, ==, true, false, false",
            "payments.up, !=, true, false, true",
            "confidence, ==, HIGH, HIGH, true",
            "confidence, ==, HIGH, MEDIUM, false",
            "confidence, !=, HIGH, LOW, true",
    })
    void aFreshSignalIsComparedAsItsDeclarationTypesIt(String signal, String op, String cell, String value, boolean holds) {
        String type = SIGNALS.get(signal).type().name();
        String literal = type.equals("LEVEL") ? "\"$param\"" : "$param";
        CompiledRuleSet rules = compile(oneCondition("signal(\"" + signal + "\") " + op + " " + literal, cell));
        RoutingResult result = evaluate(rules, fresh(signal, value(type, value)));
        assertEquals(holds, "owner-x".equals(result.owner()), result.toString());
        assertEquals(List.of("SIGNAL: " + signal + " = " + SignalDeclaration.text(value(type, value)) + ", age 4s"), signalReasons(result));
        assertEquals(List.of(signal), rules.signals());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "lag, <, 5000, 1",
            "lag, !=, 5000, 1",
            "payments.up, ==, true, true",
            "payments.up, !=, true, false",
            "confidence, ==, HIGH, HIGH",
            "confidence, !=, HIGH, LOW",
    })
    void aStaleOrMissingSignalSatisfiesNoConditionOnItsValueNotEvenInequality(String signal, String op, String cell, String value) {
        String type = SIGNALS.get(signal).type().name();
        String literal = type.equals("LEVEL") ? "\"$param\"" : "$param";
        CompiledRuleSet rules = compile(oneCondition("signal(\"" + signal + "\") " + op + " " + literal, cell));
        RoutingResult stale = evaluate(rules, stale(signal, value(type, value)));
        assertEquals(Outcome.NO_OWNER, stale.outcome());
        assertEquals(List.of("STALE_SIGNAL: " + signal + ", age 3m 12s"), signalReasons(stale));
        RoutingResult missing = evaluate(rules);
        assertEquals(Outcome.NO_OWNER, missing.outcome());
        assertEquals(List.of("STALE_SIGNAL: " + signal + ", never observed"), signalReasons(missing));
    }

    @Test
    void theSafeDefaultRowRoutesOnStalenessAndSaysWhich() {
        CompiledRuleSet rules = compile(table("Adaptive", new String[] {
                        "CONDITION|forall(||){stale(\"$\")}|Any stale",
                        "CONDITION|signal(\"confidence\") == \"$param\"|Confidence",
                        "CONDITION|signal(\"lag\") < $param|Lag below",
                        "ACTION|route.owner(\"$param\");|Owner", "ACTION|route.implementation(\"$param\");|Impl"},
                "Stale inputs keep legacy,\"lag, confidence\",,,orders,legacy",
                "Healthy goes new,,HIGH,5000,orders,new",
                "Otherwise legacy,,,,orders,legacy"));
        RoutingResult healthy = evaluate(rules, fresh("lag", new BigDecimal(1200)), fresh("confidence", "HIGH"));
        assertEquals("new", healthy.implementation());
        assertEquals(List.of("SIGNAL: confidence = HIGH, age 4s", "SIGNAL: lag = 1200, age 4s"), signalReasons(healthy));

        RoutingResult lagging = evaluate(rules, fresh("lag", new BigDecimal(9000)), fresh("confidence", "HIGH"));
        assertEquals("legacy", lagging.implementation());
        assertEquals(List.of("Otherwise legacy"), lagging.matchedRules());

        RoutingResult stale = evaluate(rules, stale("lag", new BigDecimal(1200)), fresh("confidence", "HIGH"));
        assertEquals("legacy", stale.implementation());
        assertEquals(List.of("Stale inputs keep legacy"), stale.matchedRules());
        assertTrue(stale.reasons().contains("STALE_SIGNAL: lag, age 3m 12s"), stale.reasons().toString());
        assertEquals(List.of("confidence", "lag"), rules.signals());
    }

    @Test
    void aRowThatNeverReachesItsSignalTermConsultsNothing() {
        // The market condition is false first, so the signal is not consulted and the decision names none.
        CompiledRuleSet rules = compile(table("EU only", new String[] {"CONDITION|market == \"$param\"|Market",
                "CONDITION|signal(\"lag\") < $param|Lag below", "ACTION|route.owner(\"$param\");|Owner"}, "EU,EU,5000,owner-x"));
        RoutingResult result = evaluate(rules, stale("lag", new BigDecimal(1)));
        assertEquals(List.of(), signalReasons(result));
    }

    @Test
    void theRowsOfATableAreTestedFromTheTopUntilOneHoldsAndOnlyTheSignalsTheyConsultedAreNamed() {
        CompiledRuleSet rules = compile(table("Ordered", new String[] {"CONDITION|type == \"$param\"|Type",
                        "CONDITION|signal(\"lag\") < $param|Lag below", "CONDITION|signal(\"payments.up\") == $param|Payments up",
                        "CONDITION|signal(\"confidence\") == \"$param\"|Confidence", "ACTION|route.owner(\"$param\");|Owner"},
                "Fast lane,PlaceOrder,100,,,fast",
                "Payments first,PlaceOrder,,true,,payments",
                "By confidence,PlaceOrder,,,HIGH,confident",
                "Cancellations,CancelOrder,,,LOW,cancel"));
        RoutingResult result = evaluate(rules, fresh("lag", new BigDecimal(1200)), fresh("payments.up", true), fresh("confidence", "HIGH"));
        assertEquals("payments", result.owner());
        assertEquals(List.of("Payments first"), result.matchedRules());
        assertEquals(List.of("SIGNAL: lag = 1200, age 4s", "SIGNAL: payments.up = true, age 4s"), signalReasons(result),
                "the row below the winner, and the row whose fields did not match, consulted nothing");
    }

    @Test
    void andBindsTighterThanOrAndBothStopAtTheFirstTermThatDecides() {
        CompiledRuleSet rules = compile(oneCondition("stale(\"payments.up\") || signal(\"lag\") < $param && stale(\"confidence\")", "100"));
        RoutingResult staleFirst = evaluate(rules, stale("payments.up", true), fresh("lag", new BigDecimal(50)), fresh("confidence", "HIGH"));
        assertEquals("owner-x", staleFirst.owner(), "stale(payments.up) || (…): holds on its first term");
        assertEquals(List.of("STALE_SIGNAL: payments.up, age 3m 12s"), signalReasons(staleFirst));
        RoutingResult both = evaluate(rules, fresh("payments.up", true), fresh("lag", new BigDecimal(50)), stale("confidence", "HIGH"));
        assertEquals("owner-x", both.owner());
        RoutingResult neither = evaluate(rules, fresh("payments.up", true), fresh("lag", new BigDecimal(500)), stale("confidence", "HIGH"));
        assertEquals(Outcome.NO_OWNER, neither.outcome());
        assertEquals(List.of("SIGNAL: lag = 500, age 4s", "SIGNAL: payments.up = true, age 4s"), signalReasons(neither),
                "lag did not hold, so confidence was never consulted");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "market == \"$param\" || stale(\"lag\")",
            "stale(\"lag\"), market == \"$param\"",
            "(signal(\"lag\") < 5 && bucket < $param)",
    })
    void aColumnTestsSignalsOrCommandFieldsNeverBoth(String template) {
        RuleSetError error = FactModelConditionsTest.singleError(oneCondition(template, "5"), SIGNALS);
        assertEquals(List.of(6, "B"), List.of(error.row(), error.column()), error.toString());
        assertTrue(error.message().contains("a condition tests signals or command fields, not both"), error.message());
    }

    @Test
    void readingsOfOtherSignalsAreRefusedRatherThanMisread() {
        CompiledRuleSet rules = compile(oneCondition("signal(\"lag\") < $param", "5000"));
        SignalReadings other = SignalReadings.of(List.of("confidence"), Map.of(), AT);
        assertThrows(IllegalArgumentException.class, () -> rules.evaluate(COMMAND, other, AT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "signal(\"lagg\") < $param;6;B;'lagg' is not a declared signal; declared signals are confidence, lag, payments.up",
            "signal(\"lag\") < \"$param\";6;B;signal 'lag' is a number: compared with a number",
            "signal(\"payments.up\") < $param;6;B;signal 'payments.up' is a BOOLEAN: compared with == or !=",
            "signal(\"confidence\") > \"$param\";6;B;signal 'confidence' is a LEVEL: compared with == or !=",
            "signal(\"confidence\") == \"SKY-HIGH\" || market == \"$param\";6;B;'SKY-HIGH' is not a level of signal 'confidence': its levels are LOW, MEDIUM, HIGH",
            "signal(\"$param\") < 5;6;B;a signal's name is written in the template, its value in the cells",
            "signal(lag) < $param;6;B;signal takes a signal's name in quotes",
            "stale(\"lagg\") || market == \"$param\";6;B;'lagg' is not a declared signal",
    })
    void aWrongSignalTemplateIsRefusedAtItsCell(String template, int row, String column, String message) {
        RuleSetError error = FactModelConditionsTest.singleError(oneCondition(template, "1"), SIGNALS);
        assertEquals(List.of(row, column), List.of(error.row(), error.column()), error.toString());
        assertTrue(error.message().contains(message), error.message());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "signal(\"lag\") < $param;many;must be a number",
            "signal(\"payments.up\") == $param;yes;must be true or false",
            "signal(\"confidence\") == \"$param\";SKY-HIGH;must be one of the signal's levels: LOW, MEDIUM, HIGH",
            "stale(\"$param\");lagg;'lagg' is not a declared signal; declared signals are confidence, lag, payments.up",
            "forall(||){stale(\"$\")};lag, lagg;'lagg' is not a declared signal",
    })
    void aWrongCellIsRefusedWhereItStands(String template, String cell, String message) {
        RuleSetError error = FactModelConditionsTest.singleError(oneCondition(template, "\"" + cell + "\""), SIGNALS);
        assertEquals(List.of(8, "B"), List.of(error.row(), error.column()), error.toString());
        assertTrue(error.message().contains(message), error.message());
    }

    @Test
    void withoutDeclarationsASignalIsTypedByItsLiteral() {
        CompiledRuleSet rules = new RuleSetCompiler(null).compile(1, List.of(file("10-x.drl.csv", table("Any", new String[] {
                "CONDITION|signal(\"anything.at-all\") == $param|Up", "ACTION|route.owner(\"$param\");|Owner"}, "Up,true,owner-x"))));
        assertEquals("owner-x", evaluate(rules, fresh("anything.at-all", true)).owner());
        assertEquals(Outcome.NO_OWNER, evaluate(rules, fresh("anything.at-all", new BigDecimal(1))).outcome());
    }

    @Test
    void aRuleSetTestingNoSignalReadsNone() {
        assertEquals(List.of(), compile(oneCondition("market == \"$param\"", "EU")).signals());
        assertThrows(RuleSetRejectedException.class, () -> new RuleSetCompiler(Map.of()).compile(1,
                List.of(file("10-x.drl.csv", oneCondition("signal(\"lag\") < $param", "5")))));
    }

    static List<String> signalReasons(RoutingResult result) {
        return result.reasons().stream().filter(r -> r.startsWith("SIGNAL: ") || r.startsWith("STALE_SIGNAL: ")).toList();
    }
}

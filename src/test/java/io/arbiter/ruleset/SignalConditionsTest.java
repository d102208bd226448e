package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalReading;
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

    static Command command(SignalReading... readings) {
        Map<String, SignalReading> map = new java.util.TreeMap<>();
        for (SignalReading r : readings) {
            map.put(r.name(), r);
        }
        return new Command(CommandEnvelope.carrying(Map.of("commandId", "c-1", "type", "PlaceOrder"), Map.of()), 7, map);
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
        RoutingResult result = rules.evaluate(command(fresh(signal, value(type, value))), AT);
        assertEquals(holds, "owner-x".equals(result.owner()), result.toString());
        assertEquals(List.of("SIGNAL: " + signal + " = " + SignalDeclaration.text(value(type, value)) + ", age 4s"), signalReasons(result));
        assertEquals(java.util.Set.of(signal), rules.signals());
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
        RoutingResult stale = rules.evaluate(command(stale(signal, value(type, value))), AT);
        assertEquals(Outcome.NO_OWNER, stale.outcome());
        assertEquals(List.of("STALE_SIGNAL: " + signal + ", age 3m 12s"), signalReasons(stale));
        RoutingResult missing = rules.evaluate(command(), AT);
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
        RoutingResult healthy = rules.evaluate(command(fresh("lag", new BigDecimal(1200)), fresh("confidence", "HIGH")), AT);
        assertEquals("new", healthy.implementation());
        assertEquals(List.of("SIGNAL: confidence = HIGH, age 4s", "SIGNAL: lag = 1200, age 4s"), signalReasons(healthy));

        RoutingResult lagging = rules.evaluate(command(fresh("lag", new BigDecimal(9000)), fresh("confidence", "HIGH")), AT);
        assertEquals("legacy", lagging.implementation());
        assertEquals(List.of("Otherwise legacy"), lagging.matchedRules());

        RoutingResult stale = rules.evaluate(command(stale("lag", new BigDecimal(1200)), fresh("confidence", "HIGH")), AT);
        assertEquals("legacy", stale.implementation());
        assertEquals(List.of("Stale inputs keep legacy"), stale.matchedRules());
        assertTrue(stale.reasons().contains("STALE_SIGNAL: lag, age 3m 12s"), stale.reasons().toString());
        assertEquals(java.util.Set.of("lag", "confidence"), rules.signals());
    }

    @Test
    void aRowThatNeverReachesItsSignalTermConsultsNothing() {
        // The market condition is false first, so the signal is not consulted and the decision names none.
        CompiledRuleSet rules = compile(table("EU only", new String[] {"CONDITION|market == \"$param\"|Market",
                "CONDITION|signal(\"lag\") < $param|Lag below", "ACTION|route.owner(\"$param\");|Owner"}, "EU,EU,5000,owner-x"));
        RoutingResult result = rules.evaluate(command(stale("lag", new BigDecimal(1))), AT);
        assertEquals(List.of(), signalReasons(result));
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
        assertEquals("owner-x", rules.evaluate(command(fresh("anything.at-all", true)), AT).owner());
        assertEquals(Outcome.NO_OWNER, rules.evaluate(command(fresh("anything.at-all", new BigDecimal(1))), AT).outcome());
    }

    @Test
    void aRuleSetTestingNoSignalReadsNone() {
        assertEquals(java.util.Set.of(), compile(oneCondition("market == \"$param\"", "EU")).signals());
        assertThrows(RuleSetRejectedException.class, () -> new RuleSetCompiler(Map.of()).compile(1,
                List.of(file("10-x.drl.csv", oneCondition("signal(\"lag\") < $param", "5")))));
    }

    static List<String> signalReasons(RoutingResult result) {
        return result.reasons().stream().filter(r -> r.startsWith("SIGNAL: ") || r.startsWith("STALE_SIGNAL: ")).toList();
    }
}

package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.arbiter.decision.FactType;
import io.arbiter.decision.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.arbiter.ruleset.RuleSets.compile;
import static io.arbiter.ruleset.RuleSets.decide;
import static io.arbiter.ruleset.RuleSets.file;
import static io.arbiter.ruleset.RuleSets.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table can test every field of the {@link FactModel}, in the ways its type allows and no other,
 * and nothing the model does not declare: one case per field, per comparison, per refused name.
 * Signals, typed by their declarations rather than the model, have {@link SignalConditionsTest}.
 */
class FactModelConditionsTest {
    static final String ATTRIBUTE = "dataResidency";
    static final List<String> EVERY_COMPARISON = List.of("==", "!=", "<", "<=", ">", ">=");

    static Stream<String> fields() {
        return FactModel.FIELDS.stream().filter(f -> f.type() != FactType.SIGNAL).map(FactField::name);
    }

    static Stream<String> sentText() {
        return FactModel.SENT_TEXT.stream().map(FactField::name);
    }

    static Stream<Arguments> comparisons() {
        return fields().flatMap(f -> EVERY_COMPARISON.stream().map(op -> Arguments.of(f, op)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void aConditionOnEveryFieldCompilesAndMatchesOnlyACommandCarryingItsValue(String name) {
        FactField field = FactModel.field(name);
        CompiledRuleSet rules = compile(file("10-x.drl.csv", table("By " + name,
                new String[] {"CONDITION|" + template(field, "==", param(field)) + "|Value", "ACTION|route.owner(\"$param\");|Owner"},
                "Carries it," + value(field, 0) + ",owner-x")));
        assertEquals("owner-x", decide(rules, carrying(field, value(field, 0))).owner());
        assertEquals(Outcome.NO_OWNER, decide(rules, carrying(field, value(field, 1))).outcome());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("comparisons")
    void aFieldIsComparedAsItsTypeAllowsAndInNoOtherWay(String name, String op) {
        FactField field = FactModel.field(name);
        String csv = table("Compare " + name, new String[] {"CONDITION|" + template(field, op, param(field)) + "|Value",
                "ACTION|route.owner(\"$param\");|Owner"}, "Compares," + value(field, 0) + ",owner-x");
        if (!field.type().comparisons().contains(op)) {
            RuleSetError error = singleError(csv);
            assertEquals(List.of(6, "B"), List.of(error.row(), error.column()), error.toString());
            assertTrue(error.message().contains("text is compared with == or !=, not '" + op + "'"), error.message());
            return;
        }
        CompiledRuleSet rules = compile(file("10-x.drl.csv", csv));
        for (int carried = 0; carried < 3; carried++) {
            boolean expected = holds(field, op, value(field, carried), value(field, 0));
            assertEquals(expected, "owner-x".equals(decide(rules, carrying(field, value(field, carried))).owner()),
                    name + " " + value(field, carried) + " " + op + " " + value(field, 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void aTemplateWhoseLiteralIsNotTheFieldsKindIsRefusedAtItsCell(String name) {
        FactField field = FactModel.field(name);
        String wrongLiteral = field.type().numeric() ? "\"$param\"" : "$param";
        RuleSetError error = singleError(table("Wrong kind", new String[] {
                "CONDITION|" + template(field, "==", wrongLiteral) + "|Value", "ACTION|route.owner(\"$param\");|Owner"},
                "Row,1,owner-x"));
        assertEquals(List.of(6, "B"), List.of(error.row(), error.column()), error.toString());
        String expected = switch (field.type()) {
            case TEXT -> name + " is compared with text in quotes";
            case NUMBER -> name + " is compared with a number";
            case ATTRIBUTES -> "an attribute is compared with text in quotes";
            case SIGNAL -> throw new AssertionError("signals: SignalConditionsTest");
        };
        assertTrue(error.message().contains(expected), error.message());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"correlationId", "causationId", "issuedAt", "attributes", "envelope", "markt"})
    void whatTheModelDoesNotDeclareIsRefusedAtTheTemplateNamingTheFields(String name) {
        RuleSetError error = singleError(table("Undeclared", new String[] {"CONDITION|" + name + " == \"$param\"|Value",
                "ACTION|route.owner(\"$param\");|Owner"}, "Row,x,owner-x"));
        assertEquals(List.of(6, "B"), List.of(error.row(), error.column()), error.toString());
        assertTrue(error.message().contains("'" + name + "' is not a field of the command"), error.message());
        assertTrue(error.message().contains("fields are " + FactModel.conditionsInWords()), error.message());
        assertEquals(FactModel.TRACE_FIELDS.contains(name), error.message().contains("rules do not test it"), error.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentText")
    void theWarmUpProbeOfARowCarriesTheTextFieldsItTests(String name) {
        FactField field = FactModel.field(name);
        Command probe = probe(table("Probe " + name, new String[] {"CONDITION|" + template(field, "==", param(field)) + "|Value",
                "ACTION|route.owner(\"$param\");|Owner"}, "Row,probe-value,owner-x"));
        assertEquals("probe-value", field.text().apply(probe.envelope()));
    }

    @ParameterizedTest(name = "bucket < {0}")
    @ValueSource(ints = {1, 20, 50})
    void theWarmUpProbeOfARowLandsInItsBucketAndCarriesItsAttributes(int bound) {
        Command probe = probe(table("Probe", new String[] {"CONDITION|bucket < $param|Bucket",
                "CONDITION|attr(\"" + ATTRIBUTE + "\") == \"$param\"|Residency", "ACTION|route.owner(\"$param\");|Owner"},
                "Row," + bound + ",restricted,owner-x"));
        assertTrue(probe.getBucket() < bound, probe.toString());
        assertEquals("restricted", probe.attr(ATTRIBUTE));
    }

    /** A template testing {@code field} with {@code op} against {@code literal} as written ({@code "$param"}, {@code $}…). */
    static String template(FactField field, String op, String literal) {
        return switch (field.type()) {
            case TEXT, NUMBER -> field.name() + " " + op + " " + literal;
            case ATTRIBUTES -> "attr(\"" + ATTRIBUTE + "\") " + op + " " + literal;
            case SIGNAL -> throw new AssertionError("signals: SignalConditionsTest");
        };
    }

    /** The placeholder for a value of the field's kind: {@code $param} for numbers, {@code "$param"} for text. */
    static String param(FactField field) {
        return field.type().numeric() ? "$param" : "\"$param\"";
    }

    /** The i-th of three ordered values of the field's kind. */
    static String value(FactField field, int i) {
        return field.type().numeric() ? String.valueOf(41 + i) : "v-" + i;
    }

    /** A command whose field holds {@code value}; the rest as a minimal request. */
    static Command carrying(FactField field, String value) {
        Map<String, String> text = new HashMap<>(Map.of("commandId", "cmd-1", "type", "PlaceOrder"));
        Map<String, String> attributes = new HashMap<>();
        if (field.type() == FactType.NUMBER) {
            assertEquals(FactModel.BUCKET, field, "teach this test how a command carries " + field.name());
            return new Command(CommandEnvelope.carrying(text, attributes), Integer.parseInt(value));
        }
        if (field.type() == FactType.ATTRIBUTES) {
            attributes.put(ATTRIBUTE, value);
        } else {
            text.put(field.name(), value);
        }
        return Command.of(CommandEnvelope.carrying(text, attributes));
    }

    /** Whether {@code carried op cell} holds, as Java compares the field's kind. */
    static boolean holds(FactField field, String op, String carried, String cell) {
        int c = field.type().numeric() ? Integer.compare(Integer.parseInt(carried), Integer.parseInt(cell)) : carried.compareTo(cell);
        return switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    static RuleSetError singleError(String csv) {
        return singleError(csv, TestSignals.BUNDLED);
    }

    /** The one error compiling {@code csv} with these signals declared. */
    static RuleSetError singleError(String csv, Map<String, io.arbiter.decision.SignalDeclaration> signals) {
        List<RuleSetError> errors = assertThrows(RuleSetRejectedException.class,
                () -> new RuleSetCompiler(signals).compile(1, List.of(file("10-x.drl.csv", csv)))).errors();
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    static Command probe(String csv) {
        List<RuleSetError> errors = new ArrayList<>();
        List<TableParser.Sheet> sheets = TableParser.parse(file("10-x.drl.csv", csv), TestSignals.BUNDLED, errors);
        assertEquals(List.of(), errors);
        List<Command> probes = WarmUpProbes.of(sheets.get(0));
        assertEquals(1, probes.size());
        return probes.get(0);
    }
}

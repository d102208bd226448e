package io.arbiter.decision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fact model and the Java that Drools reads agree both ways: every field has the member a rule
 * tests it through, carrying the value sent, and {@link Command} has no member a rule could test that
 * is not a field. One case per field, and one per member.
 */
class FactModelTest {
    /** Command's public members that are not facts, and why. */
    static final Map<String, String> NOT_FACTS = Map.of(
            "envelope", "the envelope as sent, which Arbiter records and replays; rules read fields",
            "of", "builds a Command",
            "toString", "for logs");

    static Stream<String> fields() {
        return FactModel.FIELDS.stream().map(FactField::name);
    }

    static Stream<String> sentText() {
        return FactModel.SENT_TEXT.stream().map(FactField::name);
    }

    static Stream<String> commandMembers() {
        return Arrays.stream(Command.class.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName).distinct();
    }

    static Stream<String> envelopeComponents() {
        return Arrays.stream(CommandEnvelope.class.getRecordComponents()).map(RecordComponent::getName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void everyFieldHasTheGetterDroolsReadsItThroughButSignalsWhichArbiterTestsBesideTheEngine(String name) throws NoSuchMethodException {
        FactField field = FactModel.field(name);
        if (field.type() == FactType.SIGNAL) {
            // A table's signal columns are SignalConditions tested on the matched rows: no rule can read a signal.
            assertThrows(NoSuchMethodException.class, () -> Command.class.getMethod(getter(name)));
            return;
        }
        Class<?> type = Command.class.getMethod(getter(name)).getReturnType();
        switch (field.type()) {
            case TEXT -> assertEquals(String.class, type);
            case NUMBER -> assertTrue(type == int.class || type == long.class, name + " is read as " + type);
            case ATTRIBUTES -> {
                assertEquals(Map.class, type);
                assertEquals(String.class, Command.class.getMethod(field.term(), String.class).getReturnType());
            }
            case SIGNAL -> throw new IllegalStateException("tested above");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentText")
    void aCommandCarryingATextFieldReadsItBackThroughItsGetterAndTheModelsAccessor(String name) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        FactModel.SENT_TEXT.forEach(f -> values.put(f.name(), "value of " + f.name()));
        Command command = Command.of(CommandEnvelope.carrying(values, Map.of()));
        assertEquals("value of " + name, Command.class.getMethod(getter(name)).invoke(command));
        assertEquals("value of " + name, FactModel.field(name).text().apply(command.envelope()));
    }

    @Test
    void aCommandCarryingAnAttributeReadsItBackByNameAndAnAbsentOneAsNull() {
        Command command = Command.of(CommandEnvelope.carrying(Map.of("commandId", "c-1"), Map.of("dataResidency", "restricted")));
        assertEquals("restricted", command.attr("dataResidency"));
        assertNull(command.attr("riskBand"));
    }

    @Test
    void theBucketIsWorkedOutFromTheBusinessKeyNotSent() {
        Command command = Command.of(CommandEnvelope.carrying(Map.of("commandId", "c-1", "businessKey", "order-1001"), Map.of()));
        assertEquals(Bucket.of("order-1001"), command.getBucket());
        assertFalse(FactModel.BUCKET.sent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandMembers")
    void everyPublicMemberOfCommandIsAFieldOrSaysWhyNot(String member) {
        FactField field = member.startsWith("get") ? FactModel.field(property(member)) : FactModel.tested(member);
        assertTrue(field != null || NOT_FACTS.containsKey(member), "Command." + member + " is readable by rules but not in"
                + " the FactModel: declare it there (with its README row) or keep it off Command");
        if (field != null && !member.startsWith("get")) {
            assertEquals(FactType.ATTRIBUTES, field.type(), member + " tests a field by name: only attributes do");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopeComponents")
    void everyPartOfTheEnvelopeIsAFactACallerSendsOrATraceField(String component) {
        FactField field = FactModel.field(component);
        assertTrue(field != null ? field.sent() : FactModel.TRACE_FIELDS.contains(component),
                component + " is neither a fact a caller sends nor a trace field");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"correlationId", "causationId", "issuedAt"})
    void traceFieldsAreNoFactsAndHaveNoGetter(String name) {
        assertNull(FactModel.field(name));
        assertTrue(FactModel.TRACE_FIELDS.contains(name));
        assertThrows(NoSuchMethodException.class, () -> Command.class.getMethod(getter(name)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bucket", "correlationId", "attributes", "markt"})
    void anEnvelopeCarriesOnlyTextACallerSends(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandEnvelope.carrying(Map.of("commandId", "c-1", name, "x"), Map.of()));
        assertTrue(e.getMessage().contains("'" + name + "' is not text a caller sends"), e.getMessage());
    }

    @Test
    void fieldNamesAndConditionWordsAreUnique() {
        assertEquals(FactModel.FIELDS.size(), FactModel.FIELDS.stream().map(FactField::name).distinct().count());
        assertEquals(FactModel.FIELDS.size(), FactModel.FIELDS.stream().map(FactField::term).distinct().count());
        FactModel.FIELDS.forEach(f -> assertNotNull(FactModel.tested(f.term()), f.name()));
    }

    @Test
    void messagesListWhatConditionsMayTestInTheModelsOrder() {
        assertEquals("commandId, type, businessKey, tenant, market, channel, product, customerTier, cohort, bucket,"
                + " attr(\"name\") and signal(\"name\")", FactModel.conditionsInWords());
    }

    @Test
    void onlyTextACallerSendsHasAnAccessorALengthOrCanBeRequired() {
        assertThrows(IllegalArgumentException.class,
                () -> new FactField("score", FactType.NUMBER, false, CommandFields::market, 10, false, "1", "a number"));
        assertThrows(IllegalArgumentException.class,
                () -> new FactField("region", FactType.TEXT, true, null, 0, false, "EU", "text without an accessor"));
        assertThrows(IllegalArgumentException.class,
                () -> new FactField("score", FactType.NUMBER, false, null, 0, true, "1", "a required derived number"));
        assertEquals(List.of("commandId", "type"), FactModel.FIELDS.stream().filter(FactField::required).map(FactField::name).toList());
    }

    private static String getter(String property) {
        return "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
    }

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}

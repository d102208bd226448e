package io.arbiter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decide request and the {@link FactModel} agree: the wire record carries every fact a caller
 * sends and nothing but those and the trace fields, and the reader requires and limits each field
 * as the model declares. One case per field.
 */
class DecideRequestFieldsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> sentFacts() {
        return FactModel.FIELDS.stream().filter(FactField::sent).map(FactField::name);
    }

    static Stream<String> sentText() {
        return FactModel.SENT_TEXT.stream().map(FactField::name);
    }

    static Stream<String> requiredFields() {
        return FactModel.SENT_TEXT.stream().filter(FactField::required).map(FactField::name);
    }

    static Stream<String> wireComponents() {
        return Arrays.stream(DecideRequestV1.class.getRecordComponents()).map(RecordComponent::getName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentFacts")
    void theWireRecordCarriesEveryFactACallerSends(String name) {
        assertTrue(wireComponents().anyMatch(name::equals), "DecideRequestV1 has no " + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireComponents")
    void everyFieldOfTheWireRecordIsAFactACallerSendsOrATraceField(String component) {
        FactField field = FactModel.field(component);
        assertTrue(field != null ? field.sent() : FactModel.TRACE_FIELDS.contains(component), component
                + " is read from decide requests but is neither in the FactModel nor one of its trace fields");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredFields")
    void aRequiredFieldMissingOrBlankIs400NamingIt(String name) throws Exception {
        for (String absent : new String[] {null, " "}) {
            Map<String, Object> body = minimal();
            body.put(name, absent);
            ProblemException e = assertThrows(ProblemException.class, () -> read(body));
            assertEquals(400, e.problem().status());
            assertEquals(List.of(new Problem.FieldError(name, "is required")), e.problem().errors());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentText")
    void textAtItsLengthIsReadAndOneCharacterMoreIs400NamingIt(String name) throws Exception {
        FactField field = FactModel.field(name);
        Map<String, Object> body = minimal();
        body.put(name, "😀".repeat(field.maxLength()));
        assertEquals("😀".repeat(field.maxLength()), field.text().apply(read(body)));

        body.put(name, "x".repeat(field.maxLength() + 1));
        ProblemException e = assertThrows(ProblemException.class, () -> read(body));
        assertEquals(400, e.problem().status());
        assertEquals(List.of(new Problem.FieldError(name, "is longer than " + field.maxLength() + " characters")),
                e.problem().errors());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentText")
    void aTextFieldSentReachesTheEnvelopeUnderItsName(String name) throws Exception {
        Map<String, Object> body = minimal();
        body.put(name, "sent-" + name);
        CommandEnvelope envelope = read(body);
        assertEquals("sent-" + name, FactModel.field(name).text().apply(envelope));
        assertNotNull(envelope.commandId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentText")
    void theReadmeStatesEachTextFieldsLengthAsTheModelDeclaresIt(String name) throws Exception {
        FactField field = FactModel.field(name);
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### `POST /v1/decide`");
        assertTrue(start >= 0, "README.md has no section on POST /v1/decide");
        String section = readme.substring(start, readme.indexOf("\n### ", start + 1));
        List<String> rows = section.lines().filter(line -> line.startsWith("| `") && line.split("\\|")[1].contains("`" + name + "`"))
                .toList();
        assertEquals(1, rows.size(), "README.md's decide limits should list " + name + " once: " + rows);
        assertTrue(rows.get(0).endsWith("| " + field.maxLength() + " characters |"), rows.get(0));
    }

    private static Map<String, Object> minimal() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", "cmd-1");
        body.put("type", "PlaceOrder");
        return body;
    }

    private static CommandEnvelope read(Map<String, Object> body) throws Exception {
        return DecideRequestReader.read(JSON.writeValueAsBytes(body), 1 << 20);
    }
}

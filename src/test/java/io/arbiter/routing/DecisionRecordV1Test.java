package io.arbiter.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.arbiter.decision.Acceptance;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Decision;
import io.arbiter.decision.SignalReading;
import io.arbiter.decision.FailureContract;
import io.arbiter.decision.Mode;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.tracing.TraceParent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionRecordV1Test {
    static final UUID ID = UUID.fromString("019ad3f2-6b1e-7c3a-9d2e-5f0a1b2c3d4e");
    static final Instant AT = Instant.parse("2026-11-30T09:15:42.123456Z");
    static final CommandEnvelope ENVELOPE = new CommandEnvelope("c-1", "CancelOrder", "order-7", "acme", "EU", "web", null, null,
            null, Map.of("region", "north"), "corr-1", null, Instant.parse("2026-11-30T09:15:41Z"));
    static final Decision ROUTED = new Decision(ID, ENVELOPE, 42, 7, Map.of(), AT, new RoutingResult(Outcome.ROUTED, "order-management",
            "orders-v2", Mode.DIRECT, Acceptance.IMMEDIATE_OUTCOME, null, FailureContract.REJECT, "https://orders",
            List.of("10-owners.drl.csv: Owners row 3"), List.of("matched Owners row 3")), 12345);
    static final RequestInfo CALLER = new RequestInfo("gateway", "sub-1", "gw-client", "acme",
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceParent.NONE);

    /** Version 1 as stored since the first audited decision: the format this type must keep writing and reading. */
    static final String STORED = "{\"decision_id\":\"019ad3f2-6b1e-7c3a-9d2e-5f0a1b2c3d4e\",\"timestamp\":\"2026-11-30T09:15:42.123456Z\","
            + "\"path\":\"v1/decide\",\"revision\":7,\"requested_by\":\"gateway\",\"subject\":\"sub-1\",\"client_id\":\"gw-client\","
            + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\",\"metrics\":{\"timer_arbiter_eval_ns\":12345},"
            + "\"input\":{\"commandId\":\"c-1\",\"type\":\"CancelOrder\",\"businessKey\":\"order-7\",\"tenant\":\"acme\",\"market\":\"EU\","
            + "\"channel\":\"web\",\"product\":null,\"customerTier\":null,\"cohort\":null,\"attributes\":{\"region\":\"north\"},"
            + "\"correlationId\":\"corr-1\",\"causationId\":null,\"issuedAt\":\"2026-11-30T09:15:41Z\"},"
            + "\"result\":" + answer() + "}";

    static String answer() {
        return "{\"decisionId\":\"019ad3f2-6b1e-7c3a-9d2e-5f0a1b2c3d4e\",\"commandId\":\"c-1\",\"outcome\":\"ROUTED\","
                + "\"owner\":\"order-management\",\"implementation\":\"orders-v2\",\"mode\":\"DIRECT\",\"acceptance\":\"IMMEDIATE_OUTCOME\","
                + "\"translation\":null,\"failureContract\":\"REJECT\",\"destination\":\"https://orders\",\"revision\":7,\"bucket\":42,"
                + "\"matchedRules\":[\"10-owners.drl.csv: Owners row 3\"],\"reasons\":[\"matched Owners row 3\"],"
                + "\"decidedAt\":\"2026-11-30T09:15:42.123456Z\"}";
    }

    @Test
    void aDecisionIsWrittenInVersionOnesStoredFormatCharacterForCharacter() {
        DecisionRecordJson.Rendered rendered = DecisionRecordJson.render(DecisionRecordV1.of(ROUTED, CALLER));
        assertEquals(STORED, rendered.record());
        assertEquals(answer(), rendered.answer());
    }

    @Test
    void theAnswerIsTheRecordsResultTheSameCharacters() {
        DecisionRecordJson.Rendered rendered = DecisionRecordJson.render(DecisionRecordV1.of(ROUTED, CALLER));
        assertTrue(rendered.record().endsWith(",\"result\":" + rendered.answer() + "}"), rendered.record());
    }

    @Test
    void aStoredRecordReadsBackAsTheRecordAndTheDecisionItHolds() throws IOException {
        DecisionRecordV1 read = DecisionRecordJson.read(STORED);
        assertEquals(DecisionRecordV1.of(ROUTED, CALLER), read);
        assertEquals(ROUTED, read.decision());
        assertEquals(STORED, DecisionRecordJson.render(read).record(), "read and written again, the same characters");
    }

    @Test
    void aNoOwnerDecisionRoundTripsWithItsNullRoutingFields() throws IOException {
        Decision none = new Decision(ID, ENVELOPE, 3, 2, Map.of(), AT, new RoutingResult(Outcome.NO_OWNER, null, null, null, null, null,
                null, null, List.of(), List.of("no row matched")), 99);
        RequestInfo open = new RequestInfo("127.0.0.1", null, null, null, null, null, TraceParent.NONE);
        String stored = DecisionRecordJson.render(DecisionRecordV1.of(none, open)).record();
        assertEquals(none, DecisionRecordJson.read(stored).decision());
        assertTrue(stored.contains("\"subject\":null,\"client_id\":null,\"trace_id\":null"), stored);
    }

    @Test
    void theAnswerToARetryIsTheRecordedAnswerMarkedReplayed() throws IOException {
        String replay = DecisionRecordJson.answer(DecisionRecordJson.read(STORED).result().asReplay());
        assertEquals(answer().substring(0, answer().length() - 1) + ",\"replayed\":true}", replay);
    }

    @Test
    void theServedFormPutsSeqAndHashInFrontOfTheStoredText() throws IOException {
        String served = DecisionRecordJson.served(17, "ab12", STORED);
        assertEquals("{\"seq\":17,\"hash\":\"ab12\"," + STORED.substring(1), served);
        assertEquals(DecisionRecordJson.read(STORED), DecisionRecordJson.read(served), "served lines read as the record");
    }

    @Test
    void fieldsOfLaterVersionsAreIgnoredButAnUnknownInputFieldIsRefused() throws IOException {
        String later = STORED.substring(0, STORED.length() - 1) + ",\"ledger\":[{\"aggregate\":\"order-7\",\"owner\":\"x\"}]}";
        assertEquals(DecisionRecordJson.read(STORED), DecisionRecordJson.read(later));
        String badInput = STORED.replace("\"commandId\":\"c-1\",", "\"commandId\":\"c-1\",\"colour\":\"red\",");
        assertThrows(UnrecognizedPropertyException.class, () -> DecisionRecordJson.read(badInput));
    }

    /** A decision of a revision testing signals: each as read, in name order; never observed is nulls and stale. */
    static final Decision WITH_SIGNALS = new Decision(ID, ENVELOPE, 42, 7, Map.of(
            "lag", new SignalReading("lag", new BigDecimal("12000.50"), Instant.parse("2026-11-30T09:15:40Z"), false),
            "confidence", new SignalReading("confidence", "HIGH", Instant.parse("2026-11-30T09:00:00Z"), true),
            "payments.up", new SignalReading("payments.up", true, Instant.parse("2026-11-30T09:15:41Z"), false),
            "never", new SignalReading("never", null, null, true)),
            AT, ROUTED.result(), 12345);

    @Test
    void theSignalsADecisionReadAreRecordedBesideItsRevisionAndReadBackAsTheyWere() throws IOException {
        String stored = DecisionRecordJson.render(DecisionRecordV1.of(WITH_SIGNALS, CALLER)).record();
        assertEquals(STORED.replace("\"revision\":7,\"requested_by\"", "\"revision\":7,\"signals\":{"
                + "\"confidence\":{\"value\":\"HIGH\",\"observed_at\":\"2026-11-30T09:00:00Z\",\"stale\":true},"
                + "\"lag\":{\"value\":12000.5,\"observed_at\":\"2026-11-30T09:15:40Z\",\"stale\":false},"
                + "\"never\":{\"value\":null,\"observed_at\":null,\"stale\":true},"
                + "\"payments.up\":{\"value\":true,\"observed_at\":\"2026-11-30T09:15:41Z\",\"stale\":false}},"
                + "\"requested_by\""), stored);
        DecisionRecordV1 read = DecisionRecordJson.read(stored);
        assertEquals(new TreeMap<>(Map.of(
                "lag", new SignalReading("lag", new BigDecimal("12000.5"), Instant.parse("2026-11-30T09:15:40Z"), false),
                "confidence", new SignalReading("confidence", "HIGH", Instant.parse("2026-11-30T09:00:00Z"), true),
                "payments.up", new SignalReading("payments.up", true, Instant.parse("2026-11-30T09:15:41Z"), false),
                "never", new SignalReading("never", null, null, true))), read.readings());
        assertEquals(stored, DecisionRecordJson.render(read).record(), "read and written again, the same characters");
    }

    @Test
    void theWrittenFieldsAreTheDeclaredOnesInOrderAndEachIsAComponentOfTheType() throws IOException {
        List<String> written = new ArrayList<>();
        new ObjectMapper().readTree(DecisionRecordJson.render(DecisionRecordV1.of(WITH_SIGNALS, CALLER)).record())
                .fieldNames().forEachRemaining(written::add);
        assertEquals(DecisionRecordV1.FIELDS, written);
        List<String> withoutSignals = new ArrayList<>();
        new ObjectMapper().readTree(STORED).fieldNames().forEachRemaining(withoutSignals::add);
        assertEquals(DecisionRecordV1.FIELDS.stream().filter(f -> !f.equals("signals")).toList(), withoutSignals,
                "a revision testing no signals writes no signals field");
        List<String> components = new ArrayList<>();
        for (RecordComponent c : DecisionRecordV1.class.getRecordComponents()) {
            JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
            components.add(named != null ? named.value() : c.getName());
        }
        assertEquals(DecisionRecordV1.FIELDS, components);
    }

    @Test
    void theAuditReadmesRecordFormatTableListsExactlyTheRecordsFields() throws IOException {
        String readme = Files.readString(Path.of("src/main/java/io/arbiter/audit/README.md"));
        String table = readme.substring(readme.indexOf("## Record format"));
        table = table.contains("\n## ") ? table.substring(0, table.indexOf("\n## ")) : table;
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (`[^|]+`) \\|").matcher(table);
        while (row.find()) {
            for (String name : row.group(1).split(",\\s*")) {
                documented.add(name.strip().replace("`", ""));
            }
        }
        List<String> expected = new ArrayList<>();
        for (Iterator<String> it = DecisionRecordV1.FIELDS.iterator(); it.hasNext(); ) {
            String field = it.next();
            expected.add(field.equals("metrics") ? "metrics." + DecisionRecordV1.Metrics.EVAL_NS : field);
        }
        expected.addAll(List.of("seq", "hash"));
        assertEquals(expected, documented, "audit/README.md's record-format table, one name per field, in the stored order");
    }
}

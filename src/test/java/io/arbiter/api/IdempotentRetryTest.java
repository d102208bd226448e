package io.arbiter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property: every envelope decide accepts, sent again, is the idempotent replay of its decision —
 * never a 409 — whether the retry is byte for byte the same or the same envelope written
 * differently (fields and attributes in another order, characters escaped or not, {@code issuedAt}
 * with another offset). Envelopes are generated from a seed ({@code -Dfuzz.seed}): any valid
 * Unicode (astral, combining, RTL, controls, noncharacters), empty strings, nulls, absent fields,
 * instants at both ends of the range, records from a few hundred bytes to near the 64 KiB body.
 *
 * <p>The recent-commands memory is cut to 16 here, so immediate retries are answered from memory
 * and the later ones from PostgreSQL: both round trips (the memory's UTF-8 bytes, the database's
 * text) must give back the envelope that was sent. Records over 32 KiB never fit the memory at all.
 */
@QuarkusTest
@TestProfile(IdempotentRetryTest.SmallMemory.class)
class IdempotentRetryTest {
    public static class SmallMemory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.audit.recent-commands", "16");
        }
    }

    /** The optional text fields: the fact model's, then the trace identifiers. */
    static final List<String> OPTIONAL = Stream.concat(
            FactModel.SENT_TEXT.stream().filter(f -> !f.required()).map(FactField::name),
            Stream.of("correlationId", "causationId")).toList();
    static final List<String> TYPES = List.of("PlaceOrder", "CancelOrder", "IssueRefund", "ArchiveOrder", "UpdateOrderStatus");

    /** One generated envelope: field name to value (String, null, or an attribute map), in generation order. */
    record Envelope(Map<String, Object> fields) {
    }

    final Fuzz fuzz = new Fuzz(IdempotentRetryTest.class.getSimpleName());
    final String token = Tokens.token(Tokens.TESTER, null, "decider");

    @Test
    void everyAcceptedEnvelopeRetriedIsReplayedNeverRefused() {
        int n = fuzz.cases(150);
        List<Envelope> envelopes = new ArrayList<>();
        List<String> decisionIds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Envelope e = envelope(i);
            byte[] body = Fuzz.utf8(render(e, false));
            Fuzz.Exchange first = post(body);
            assertEquals(200, first.status(), "a valid envelope must be decided: " + first + "; " + fuzz.rerun);
            String decisionId = fuzz.tree(first.response()).path("decisionId").asText(null);
            replayed(post(body), decisionId, "the same bytes at once (from memory)");
            envelopes.add(e);
            decisionIds.add(decisionId);
        }
        for (int i = 0; i < n; i++) {
            Envelope e = envelopes.get(i);
            replayed(post(Fuzz.utf8(render(e, true))), decisionIds.get(i), "written differently, later (mostly from PostgreSQL)");
            replayed(post(Fuzz.utf8(render(e, false))), decisionIds.get(i), "the same bytes, later");
        }
    }

    private Fuzz.Exchange post(byte[] body) {
        return fuzz.send("POST", "/v1/decide", token, "application/json", body);
    }

    private void replayed(Fuzz.Exchange retry, String decisionId, String how) {
        assertEquals(200, retry.status(), "retry (" + how + ") must be replayed, not refused: " + retry + "; " + fuzz.rerun);
        JsonNode answer = fuzz.tree(retry.response());
        assertEquals(BooleanNode.TRUE, answer.get("replayed"), "retry (" + how + ") not marked replayed: " + retry + "; " + fuzz.rerun);
        assertEquals(decisionId, answer.path("decisionId").asText(null), "retry (" + how + ") got another decision: " + retry + "; " + fuzz.rerun);
    }

    Envelope envelope(int index) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String prefix = "retry-" + Long.toHexString(fuzz.seed) + "-" + index + "-";
        fields.put("commandId", prefix + fuzz.validText(0, EnvelopeLimits.IDENTIFIER - prefix.length()));
        fields.put("type", fuzz.chance(0.7) ? fuzz.pick(TYPES) : "T" + fuzz.validText(0, FactModel.TYPE.maxLength() - 1));
        for (String name : OPTIONAL) {
            int limit = FactModel.field(name) != null ? FactModel.field(name).maxLength() : EnvelopeLimits.IDENTIFIER;
            double roll = fuzz.random.nextDouble();
            if (roll < 0.45) {
                continue; // absent
            }
            fields.put(name, roll < 0.55 ? null : roll < 0.65 ? "" : roll < 0.7 ? " " : fuzz.validText(0, limit));
        }
        double roll = fuzz.random.nextDouble();
        if (roll < 0.2) {
            fields.put("attributes", null);
        } else if (roll < 0.3) {
            fields.put("attributes", Map.of());
        } else if (roll < 0.85) {
            Map<String, String> attributes = new LinkedHashMap<>();
            boolean big = fuzz.chance(0.15);
            int count = big ? fuzz.between(8, EnvelopeLimits.ATTRIBUTES) : fuzz.between(1, 6);
            Set<String> keys = new LinkedHashSet<>();
            for (int k = 0; k < count; k++) {
                keys.add(fuzz.validText(0, big ? 40 : 20));
            }
            for (String key : keys) {
                attributes.put(key, fuzz.validText(0, big ? EnvelopeLimits.ATTRIBUTE_VALUE : 40));
            }
            fields.put("attributes", attributes);
        }
        roll = fuzz.random.nextDouble();
        if (roll < 0.1) {
            fields.put("issuedAt", null);
        } else if (roll < 0.6) {
            fields.put("issuedAt", fuzz.validInstant());
        }
        Envelope e = new Envelope(fields);
        // Inside the 64 KiB body, also when written with more escapes: big attributes are trimmed until it fits.
        while (Fuzz.utf8(render(e, false)).length > 40_000) {
            @SuppressWarnings("unchecked")
            Map<String, String> attributes = (Map<String, String>) fields.get("attributes");
            attributes.remove(attributes.keySet().iterator().next());
        }
        return e;
    }

    /** The envelope as JSON; {@code differently}: shuffled order, other escapes, issuedAt at another offset. */
    String render(Envelope e, boolean differently) {
        List<Map.Entry<String, String>> parts = new ArrayList<>();
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            parts.add(new AbstractMap.SimpleEntry<>(quote(f.getKey(), differently), value(f.getKey(), f.getValue(), differently)));
        }
        if (differently) {
            Collections.shuffle(parts, fuzz.random);
        }
        return Fuzz.object(parts);
    }

    private String value(String field, Object value, boolean differently) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            List<Map.Entry<String, String>> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(new AbstractMap.SimpleEntry<>(quote((String) k, differently), quote((String) v, differently))));
            if (differently) {
                Collections.shuffle(parts, fuzz.random);
            }
            return Fuzz.object(parts);
        }
        String text = (String) value;
        if (differently && field.equals("issuedAt")) {
            Instant instant = Instant.parse(text);
            if (instant.isAfter(Instants.EARLIEST.plusSeconds(86_400)) && instant.isBefore(Instants.LATEST.minusSeconds(86_400))) {
                text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.ofHoursMinutes(-3, -30)));
            }
        }
        return quote(text, differently);
    }

    /** As written the first time (plain JSON escaping), or with random escapes. */
    private String quote(String s, boolean differently) {
        if (differently) {
            return fuzz.json(s);
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

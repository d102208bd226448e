package io.arbiter.api;

import io.arbiter.support.Rows;
import io.arbiter.support.TableMutations;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The HTTP fuzz suite: thousands of generated requests, most of them bad, across every endpoint —
 * decide, rule sets (list, one, files, activate, activations, upload), simulations (create as JSON
 * and as an upload, list, one, report, cancel), decisions (one, query, export), audit verify,
 * version. Bodies are valid envelopes mutated (fields dropped, duplicated, retyped; NUL, unpaired
 * surrogates and bytes that are not UTF-8 injected; huge strings, deep nesting, many keys; broken
 * syntax; odd media types), query strings carry bad instants, numbers and text, multipart bodies
 * have too many parts, huge or unknown part names, no boundary, truncated ends, bad notes.
 *
 * <p>After every request: no 5xx, and a 4xx is problem+json naming its status — except a request
 * line the HTTP server itself cannot parse, which it answers with a bare 400 before Arbiter runs.
 * Requests that must be refused are, and valid ones are answered. After the run: every decision
 * answered 200 is readable with the command it was given, the audit chain verifies, readiness is
 * UP writing to PostgreSQL (not the journal), the service is alive, and no rejected upload or
 * simulation left a row behind.
 *
 * <p>Seeded and reproducible: the seed is printed and named in every failure with the command
 * that repeats the run. {@code -Dfuzz.seed=N} repeats a run, {@code -Dfuzz.scale=K} runs K times
 * as many cases (the default keeps the class around a minute and a half on two cores).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpFuzzTest {
    /** What a generated request must get: refused (4xx), answered (2xx), or either as long as it is no 5xx. */
    enum Expect { REJECT, ACCEPT, ANY }

    static final String ALL_ROLES = "decider analyst engineer approver auditor";

    @Inject
    DataSource dataSource;

    final Fuzz fuzz = new Fuzz(HttpFuzzTest.class.getSimpleName());
    static final TableMutations TABLES = new TableMutations(
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "arbiter-http-fuzz-pwned-" + ProcessHandle.current().pid()));
    final String token = Tokens.token("fuzzer", null, ALL_ROLES.split(" "));
    /** Every decision answered 200: its id and the command id it answered. */
    final List<String[]> decided = new ArrayList<>();
    long revisionsBefore;
    long simulationsBefore;
    int acceptedUploads;
    int acceptedSimulations;
    int requests;
    int activeRevision;

    boolean remembered;

    /** Before the first case (RestAssured knows the port only once a test runs). */
    @BeforeEach
    void remember() {
        if (remembered) {
            return;
        }
        remembered = true;
        revisionsBefore = count("ruleset_revision");
        simulationsBefore = count("simulation");
        Fuzz.Exchange active = fuzz.send("GET", "/v1/rulesets/active", token, null, null);
        activeRevision = JsonPath.from(active.response()).getInt("revision");
    }

    // ---- the checks every exchange passes -----------------------------------------------------

    Fuzz.Exchange check(Fuzz.Exchange e, Expect expect, String what) {
        requests++;
        if (e.status() >= 500) {
            fail("5xx for " + what + ": " + e + "; " + fuzz.rerun);
        }
        if (e.status() >= 400) {
            assertTrue(e.responseType().startsWith("application/problem+json"), "4xx without problem+json for " + what + ": " + e
                    + "; " + fuzz.rerun);
            JsonNode problem = fuzz.tree(e.response());
            assertEquals(e.status(), problem.path("status").asInt(-1), "problem status for " + what + ": " + e + "; " + fuzz.rerun);
            assertTrue(problem.hasNonNull("title"), "problem without title for " + what + ": " + e + "; " + fuzz.rerun);
        }
        if (expect == Expect.REJECT && e.status() < 400) {
            fail("accepted what must be refused (" + what + "): " + e + "; " + fuzz.rerun);
        }
        if (expect == Expect.ACCEPT && e.status() >= 300) {
            fail("refused what must be answered (" + what + "): " + e + "; " + fuzz.rerun);
        }
        return e;
    }

    // ---- decide -------------------------------------------------------------------------------

    /** A JSON object under construction: members as raw JSON bytes, so that bytes can be injected anywhere. */
    static final class Body {
        final List<Map.Entry<String, byte[]>> members = new ArrayList<>();
        /** Members a mutation changed, by identity. */
        final java.util.Set<Map.Entry<String, byte[]>> touched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        Body put(String key, String jsonValue) {
            members.add(new AbstractMap.SimpleEntry<>(key, Fuzz.utf8(jsonValue)));
            return this;
        }

        /** {@code key} set to {@code jsonValue} once, whatever it held. */
        Body replace(String key, String jsonValue) {
            members.removeIf(e -> e.getKey().equals(key));
            put(key, jsonValue);
            touched.add(members.get(members.size() - 1));
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(Fuzz.utf8("\"" + members.get(i).getKey() + "\":"));
                out.writeBytes(members.get(i).getValue());
            }
            out.write('}');
            return out.toByteArray();
        }
    }

    Body validEnvelope() {
        Body b = new Body().put("commandId", fuzz.json("fuzz-" + UUID.randomUUID() + "-" + fuzz.validText(0, 100)))
                .put("type", fuzz.json(fuzz.pick(IdempotentRetryTest.TYPES)));
        for (String name : IdempotentRetryTest.OPTIONAL) {
            if (fuzz.chance(0.3)) {
                b.put(name, fuzz.chance(0.1) ? "null" : fuzz.json(fuzz.validText(0, 60)));
            }
        }
        if (fuzz.chance(0.5)) {
            StringBuilder a = new StringBuilder("{");
            int n = fuzz.between(0, 5);
            for (int i = 0; i < n; i++) {
                a.append(i == 0 ? "" : ",").append(fuzz.json("k" + i + fuzz.validText(0, 10))).append(':').append(fuzz.json(fuzz.validText(0, 50)));
            }
            b.put("attributes", a.append('}').toString());
        }
        if (fuzz.chance(0.3)) {
            b.put("issuedAt", fuzz.json(fuzz.validInstant()));
        }
        return b;
    }

    /** A string literal with {@code inject} (raw bytes) placed inside it. */
    static byte[] stringWith(byte[] inject) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Fuzz.utf8("\"ab"));
        out.writeBytes(inject);
        out.writeBytes(Fuzz.utf8("cd\""));
        return out.toByteArray();
    }

    /** A mutation applied, and whether what it made must be refused. */
    record Mutation(String what, boolean reject) {
    }

    /** One mutation of a valid envelope. */
    Mutation mutate(Body b) {
        // Each mutation takes a member no earlier one touched: a later null must not undo an earlier NUL.
        List<Map.Entry<String, byte[]>> untouched = b.members.stream().filter(e -> !b.touched.contains(e)).toList();
        if (untouched.isEmpty()) {
            return new Mutation("none left", false);
        }
        Map.Entry<String, byte[]> m = fuzz.pick(untouched);
        b.touched.add(m);
        switch (fuzz.random.nextInt(12)) {
            case 0 -> { // drop a required field
                String required = fuzz.pick(List.of("commandId", "type"));
                b.members.removeIf(e -> e.getKey().equals(required));
                return new Mutation("drop required " + required, true);
            }
            case 1 -> { // duplicate a key
                b.members.add(fuzz.random.nextInt(b.members.size() + 1), new AbstractMap.SimpleEntry<>(m.getKey(), m.getValue()));
                return new Mutation("duplicate key " + m.getKey(), true);
            }
            case 2 -> { // retype
                String value = fuzz.pick(List.of("42", "true", "[]", "{}", "[\"x\"]", "1e999999", "-0", "{\"a\":1}",
                        "99999999999999999999999"));
                m.setValue(Fuzz.utf8(value));
                return new Mutation("retype " + m.getKey(), !(m.getKey().equals("attributes") && value.equals("{}"))); // an empty attribute object is one
            }
            case 3 -> { // a JSON escape the log cannot keep, in a value or an attribute key
                String bad = fuzz.pick(Fuzz.BAD_ESCAPES);
                if (fuzz.chance(0.3)) {
                    b.replace("attributes", "{\"" + bad + "\":\"v\"}");
                } else {
                    m.setValue(Fuzz.utf8("\"x" + bad + "y\""));
                }
                return new Mutation("bad escape " + m.getKey(), true);
            }
            case 4 -> { // bytes that are not UTF-8, inside a string
                m.setValue(stringWith(fuzz.pick(Fuzz.BAD_BYTES)));
                return new Mutation("bad bytes " + m.getKey(), true);
            }
            case 5 -> { // a raw control byte inside a string: not JSON
                m.setValue(stringWith(new byte[] {fuzz.pick(List.of(0x00, 0x01, 0x0A, 0x1F)).byteValue()}));
                return new Mutation("raw control byte " + m.getKey(), true);
            }
            case 6 -> { // an unknown field
                b.put(fuzz.pick(List.of("markt", "Market", "command_id", "", "__proto__", "attributes.x", "x\\u0000")), "\"v\"");
                return new Mutation("unknown field " + m.getKey(), true);
            }
            case 7 -> { // over the field's length
                int over = m.getKey().equals("commandId") || m.getKey().endsWith("Id") || m.getKey().equals("businessKey") ? 257 : 129;
                m.setValue(Fuzz.utf8(fuzz.json("y".repeat(over + fuzz.between(0, 3000)))));
                return new Mutation("over length " + m.getKey(), true); // too long, or text where an object or instant goes
            }
            case 8 -> { // too many attributes, or one too long
                StringBuilder a = new StringBuilder("{");
                int n = fuzz.chance(0.5) ? fuzz.between(65, 3000) : 1;
                for (int k = 0; k < n; k++) {
                    a.append(k == 0 ? "" : ",").append("\"a").append(k).append("\":\"").append(n == 1 ? "v".repeat(1025) : "v").append('"');
                }
                b.replace("attributes", a.append('}').toString());
                return new Mutation("attributes too many/long " + m.getKey(), true);
            }
            case 9 -> { // a bad instant
                String bad = fuzz.pick(Fuzz.BAD_INSTANTS);
                b.replace("issuedAt", "\"" + bad.replace("\u0000", "\\u0000") + "\"");
                return new Mutation("bad instant " + m.getKey(), true); // in a body even "" and " " are no instant
            }
            case 10 -> { // a null where text is optional: fine; where it is required: refused
                m.setValue(Fuzz.utf8("null"));
                return new Mutation("null " + m.getKey(), m.getKey().equals("commandId") || m.getKey().equals("type"));
            }
            default -> { // deep nesting inside a value
                int depth = fuzz.pick(List.of(600, 1200, 5000));
                m.setValue(Fuzz.utf8("[".repeat(depth) + "]".repeat(depth)));
                return new Mutation("deep nesting " + m.getKey(), true);
            }
        }
    }

    /** Whole-body breakage: returns the body to send. */
    byte[] breakBody(byte[] body) {
        return switch (fuzz.random.nextInt(10)) {
            case 0 -> java.util.Arrays.copyOf(body, fuzz.random.nextInt(Math.max(1, body.length)));
            case 1 -> DecideInputTest.concat(body, Fuzz.utf8(fuzz.pick(List.of(" x", "}", ",", "{}", "\u0000"))));
            case 2 -> new byte[0];
            case 3 -> Fuzz.utf8(fuzz.pick(List.of("null", "[]", "\"PlaceOrder\"", "123", " ", "{", "{'commandId':'a'}",
                    "{commandId:\"a\",type:\"b\"}", "{\"commandId\":NaN}", "/*c*/{}", "{\"commandId\":\"a\",\"type\":\"b\",}")));
            case 4 -> Fuzz.utf8("[".repeat(10_000));
            case 5 -> Fuzz.utf8("{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
            case 6 -> Fuzz.utf8("{\"commandId\":\"" + "h".repeat(70_000) + "\",\"type\":\"PlaceOrder\"}");
            case 7 -> {
                StringBuilder many = new StringBuilder("{\"commandId\":\"m\",\"type\":\"PlaceOrder\"");
                for (int k = 0; k < 5000; k++) {
                    many.append(",\"k").append(k).append("\":\"v\"");
                }
                yield Fuzz.utf8(many.append('}').toString());
            }
            case 8 -> DecideInputTest.concat(Fuzz.hex("fffe"), body);
            default -> Fuzz.utf8(new String(body, StandardCharsets.UTF_8).replace(":", ": ").replace("\"", "'"));
        };
    }

    static final List<String> BAD_JSON_TYPES = List.of("*/*", "text/plain", "application/json; charset=latin1",
            "application/json; charset=utf-16", "application/xml", "application/problem+json", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/octet-stream", "json", "application/json;charset=");
    static final List<String> GOOD_JSON_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "APPLICATION/JSON", "application/json;charset=\"UTF-8\"");

    @Test
    @Order(1)
    void decide() {
        for (int i = 0; i < fuzz.cases(1100); i++) {
            Body b = validEnvelope();
            boolean reject = false;
            List<String> applied = new ArrayList<>();
            int mutations = fuzz.chance(0.2) ? 0 : fuzz.between(1, 3);
            for (int k = 0; k < mutations; k++) {
                Mutation m = mutate(b);
                applied.add(m.what());
                reject |= m.reject();
            }
            byte[] body = b.bytes();
            if (fuzz.chance(0.12)) {
                body = breakBody(body);
                applied.add("broken body");
                reject = true;
            }
            String contentType = fuzz.pick(GOOD_JSON_TYPES);
            if (fuzz.chance(0.07)) {
                contentType = fuzz.chance(0.2) ? null : fuzz.pick(BAD_JSON_TYPES);
                applied.add("media type");
                reject = true;
            }
            Fuzz.Exchange e = check(fuzz.send("POST", "/v1/decide", token, contentType, body), reject ? Expect.REJECT : Expect.ACCEPT,
                    "decide #" + i + " " + applied);
            if (e.status() == 200) {
                JsonNode answer = fuzz.tree(e.response());
                decided.add(new String[] {answer.path("decisionId").asText(null), answer.path("commandId").asText(null)});
            }
        }
    }

    // ---- query parameters and paths -------------------------------------------------------------

    /** Every GET endpoint with its query parameters and what kind of value each takes. */
    static final Map<String, Map<String, String>> QUERIES = Map.of(
            "/v1/decisions", Map.ofEntries(Map.entry("commandId", "text"), Map.entry("correlationId", "text"),
                    Map.entry("businessKey", "text"), Map.entry("owner", "text"), Map.entry("type", "text"),
                    Map.entry("revision", "int"), Map.entry("outcome", "outcome"), Map.entry("from", "instant"),
                    Map.entry("to", "instant"), Map.entry("tenant", "text"), Map.entry("limit", "limit1000"),
                    Map.entry("cursor", "long")),
            "/v1/decisions/export", Map.of("from", "instant", "to", "instant", "tenant", "text"),
            "/v1/audit/verify", Map.of("from", "instant", "to", "instant"),
            "/v1/simulations", Map.of("candidateRevision", "int", "limit", "limit500"),
            "/v1/rulesets/activations", Map.of("limit", "limit1000"),
            "/v1/rulesets", Map.of(),
            "/v1/rulesets/active", Map.of(),
            "/v1/version", Map.of());

    /** Percent-encodes every byte but the unreserved ones. */
    static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append(String.format("%%%02X", c));
            }
        }
        return sb.toString();
    }

    /** A value for a parameter of {@code kind}: encoded, and whether it must be refused. */
    Map.Entry<String, Boolean> queryValue(String kind) {
        if (fuzz.chance(0.25)) { // bad in any parameter
            byte[] bad = switch (fuzz.random.nextInt(4)) {
                case 0 -> DecideInputTest.concat(Fuzz.utf8("a"), fuzz.pick(Fuzz.BAD_BYTES));
                case 1 -> Fuzz.utf8("a\u0000b");
                case 2 -> Fuzz.hex("eda080");
                default -> Fuzz.utf8("\u0000");
            };
            return Map.entry(encode(bad), true);
        }
        return switch (kind) {
            case "instant" -> fuzz.chance(0.5) ? Map.entry(encode(Fuzz.utf8(fuzz.validInstant())), false)
                    : badInstant();
            case "int", "long" -> fuzz.chance(0.5) ? Map.entry(String.valueOf(fuzz.between(-5, 50)), false)
                    : Map.entry(encode(Fuzz.utf8(fuzz.pick(List.of("1.5", "99999999999999999999", "x", "0x10", "1e3", "--1")))), true);
            case "limit1000", "limit500" -> {
                int max = kind.equals("limit500") ? 500 : 1000;
                int v = fuzz.pick(List.of(fuzz.between(1, max), 0, -1, max + 1, Integer.MAX_VALUE));
                yield Map.entry(String.valueOf(v), v < 1 || v > max);
            }
            case "outcome" -> {
                String v = fuzz.pick(List.of("ROUTED", "NO_OWNER", "AMBIGUOUS", "routed", "MAYBE", "ROUTED "));
                yield Map.entry(encode(Fuzz.utf8(v)), !List.of("ROUTED", "NO_OWNER", "AMBIGUOUS").contains(v));
            }
            // Short enough that four of them stay inside the HTTP server's 4 KiB request line.
            default -> Map.entry(encode(Fuzz.utf8(fuzz.validText(0, 60))), false);
        };
    }

    private Map.Entry<String, Boolean> badInstant() {
        String bad = fuzz.pick(Fuzz.BAD_INSTANTS);
        // A blank instant in a query is the same as none.
        return Map.entry(encode(Fuzz.utf8(bad)), !bad.isBlank());
    }

    @Test
    @Order(2)
    void queries() {
        List<String> paths = new ArrayList<>(QUERIES.keySet());
        paths.sort(null);
        for (int i = 0; i < fuzz.cases(450); i++) {
            String path = fuzz.pick(paths);
            Map<String, String> params = QUERIES.get(path);
            List<String> names = new ArrayList<>(params.keySet());
            names.sort(null);
            StringBuilder query = new StringBuilder();
            boolean reject = false;
            int n = names.isEmpty() ? 0 : fuzz.between(0, Math.min(4, names.size()));
            List<String> used = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                String name = fuzz.pick(names);
                if (used.contains(name)) {
                    reject = true;
                }
                used.add(name);
                Map.Entry<String, Boolean> value = queryValue(params.get(name));
                reject |= value.getValue();
                query.append(query.length() == 0 ? "" : "&").append(name).append('=').append(value.getKey());
            }
            if (fuzz.chance(0.1) || (names.isEmpty() && fuzz.chance(0.3))) {
                String unknown = fuzz.pick(List.of("comandId", "x", "limit%20", "a%00b", "%C0%80", "Limit", "_"));
                query.append(query.length() == 0 ? "" : "&").append(unknown).append("=1");
                reject = true;
            }
            String target = path + (query.length() == 0 ? "" : "?" + query);
            check(fuzz.send("GET", target, token, null, null), reject ? Expect.REJECT : Expect.ACCEPT, "query #" + i);
        }
    }

    @Test
    @Order(3)
    void pathsAndIds() {
        List<String> templates = List.of("GET /v1/decisions/%s", "GET /v1/simulations/%s", "GET /v1/simulations/%s/report",
                "POST /v1/simulations/%s/cancel", "GET /v1/rulesets/%s", "GET /v1/rulesets/1/files/%s",
                "GET /v1/rulesets/%s/files/10-ownership.drl.xlsx", "POST /v1/rulesets/%s/activate",
                "GET /v1/rulesets/%s/files/20-order-migration.drl.csv/grid", "GET /v1/rulesets/1/files/%s/grid",
                "GET /v1/rulesets/1/files/%s?as=xlsx", "GET /v1/rulesets/1/files/10-ownership.drl.xlsx?as=%s",
                "GET /v1/rulesets/%s/template?file=25-fuzz.drl.csv&table=Fuzz", "GET /v1/rulesets/1/template?file=%s&table=Fuzz",
                "GET /v1/rulesets/1/template?file=25-fuzz.drl.xlsx&table=%s");
        for (int i = 0; i < fuzz.cases(250); i++) {
            String[] template = fuzz.pick(templates).split(" ");
            boolean bad = fuzz.chance(0.4);
            String segment = bad ? encode(switch (fuzz.random.nextInt(4)) {
                case 0 -> DecideInputTest.concat(Fuzz.utf8("x"), fuzz.pick(Fuzz.BAD_BYTES));
                case 1 -> Fuzz.utf8("x\u0000");
                case 2 -> Fuzz.hex("c080");
                default -> Fuzz.hex("eda080edb080");
            }) : fuzz.pick(List.of(UUID.randomUUID().toString(), "not-a-uuid", "999999", "-1", "0", "abc",
                    encode(Fuzz.utf8(fuzz.validText(1, 200))), "2147483648", "1e3"));
            if (template[1].endsWith("/activate") && !bad) {
                // Activating from here is only ever the active revision (a no-op) or one that does not exist.
                segment = fuzz.pick(List.of("999999", "-1", "abc", String.valueOf(activeRevision)));
            }
            String target = template[1].formatted(segment);
            String method = template[0];
            Fuzz.Exchange e = fuzz.send(method, target, token, method.equals("POST") ? "application/json" : null,
                    method.equals("POST") ? new byte[0] : null);
            check(e, bad ? Expect.REJECT : Expect.ANY, "path #" + i);
        }
    }

    /** Request lines the JDK client will not send: the HTTP server refuses them itself, with a bare 400. */
    @Test
    @Order(4)
    void requestLinesTheServerCannotParse() {
        List<byte[]> targets = List.of(Fuzz.utf8("/v1/decisions?commandId=%ZZ"), Fuzz.utf8("/v1/decisions?commandId=%"),
                Fuzz.utf8("/v1/decisions?commandId=a b"), DecideInputTest.concat(Fuzz.utf8("/v1/decisions?commandId="), Fuzz.hex("c080")),
                DecideInputTest.concat(Fuzz.utf8("/v1/rulesets/1/files/"), Fuzz.hex("00")), Fuzz.utf8("/v1/decisions/%G0"),
                Fuzz.utf8("/v1/audit/verify?from=%2"));
        for (byte[] target : targets) {
            Fuzz.Exchange e = fuzz.sendRaw("GET", target, token);
            requests++;
            // Refused by the HTTP server before Arbiter runs: a bare 400, or the connection closed unanswered.
            assertTrue(e.status() == -1 || (e.status() >= 400 && e.status() < 500),
                    "a request line the server cannot parse must be a 4xx: " + e + "; " + fuzz.rerun);
            if (!e.response().isEmpty()) {
                assertTrue(e.responseType().startsWith("application/problem+json"), "a 4xx with a body must be problem+json: " + e
                        + "; " + fuzz.rerun);
            }
        }
    }

    // ---- JSON bodies of simulations and activation ------------------------------------------------

    @Test
    @Order(5)
    void simulationsAndActivationAsJson() {
        for (int i = 0; i < fuzz.cases(250); i++) {
            Body b = new Body().put("candidateRevision", String.valueOf(activeRevision));
            if (fuzz.chance(0.6)) {
                b.put("baseline", fuzz.pick(List.of("\"recorded\"", "{\"revision\":" + activeRevision + "}")));
            }
            StringBuilder log = new StringBuilder("{\"last\":" + fuzz.between(1, 30));
            if (fuzz.chance(0.5)) {
                log.append(",\"from\":\"2020-01-01T00:00:00Z\"");
            }
            if (fuzz.chance(0.3)) {
                log.append(",\"type\":").append(fuzz.json(fuzz.validText(0, 30)));
            }
            b.put("source", "{\"auditLog\":" + log + "}}");
            boolean reject = false;
            switch (fuzz.random.nextInt(14)) {
                case 0, 1, 2 -> { } // valid
                case 3 -> {
                    String bad = fuzz.pick(Fuzz.BAD_INSTANTS);
                    b.replace("source", "{\"auditLog\":{\"last\":5,\"to\":\"" + bad.replace("\u0000", "\\u0000") + "\"}}");
                    reject = !bad.isBlank(); // a blank window bound is the default one
                }
                case 4 -> {
                    b.replace("baseline", fuzz.pick(List.of("\"RECORDED\"", "\"latest\"", "{\"revision\":\"1\"}", "{\"revision\":1,\"x\":2}",
                            "[]", "1", "{\"revision\":1.5}", "\"recorded\\u0000\"")));
                    reject = true;
                }
                case 5 -> {
                    b.replace("source", "{\"auditLog\":{\"commandId\":\"a" + fuzz.pick(Fuzz.BAD_ESCAPES) + "\"}}");
                    reject = true;
                }
                case 6 -> {
                    b.members.get(0).setValue(stringWith(fuzz.pick(Fuzz.BAD_BYTES)));
                    reject = true;
                }
                case 7 -> {
                    b.put("candidateRevision", "1");
                    reject = true;
                }
                case 8 -> {
                    b.replace(fuzz.pick(List.of("examples", "source")), fuzz.pick(List.of("101", "-1", "\"5\"", "{\"file\":{}}", "[".repeat(2000))));
                    reject = true;
                }
                case 9 -> {
                    b.replace("source", "{\"auditLog\":{\"outcome\":\"" + fuzz.pick(List.of("routed", "MAYBE", "")) + "\",\"last\":0}}");
                    reject = true;
                }
                case 10 -> {
                    b.members.clear();
                    b.put("candidateRevision", fuzz.pick(List.of("null", "\"1\"", "1e3", "99999999999", "-1", "true")));
                    reject = true;
                }
                case 11 -> {
                    b.replace("source", "{\"auditLog\":{\"from\":\"2026-01-02T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}}");
                    reject = true;
                }
                default -> {
                    b.put("unknown" + fuzz.between(0, 9), "1");
                    reject = true;
                }
            }
            byte[] body = b.bytes();
            String contentType = "application/json";
            if (fuzz.chance(0.08)) {
                contentType = fuzz.chance(0.3) ? null : fuzz.pick(List.of("*/*", "text/plain", "application/json; charset=latin1"));
                reject = true;
            }
            Fuzz.Exchange e = check(fuzz.send("POST", "/v1/simulations", token, contentType, body), reject ? Expect.REJECT : Expect.ANY,
                    "simulation #" + i);
            if (e.status() == 202) {
                acceptedSimulations++;
            } else if (!reject && e.status() != 429) {
                fail("a valid simulation must be accepted (or 429 when the queue is full): " + e + "; " + fuzz.rerun);
            }
            // Activation bodies: on the active revision (a no-op when valid) or one that does not exist.
            Body a = new Body();
            boolean badActivation = false;
            switch (fuzz.random.nextInt(6)) {
                case 0 -> a.put("overrideReason", fuzz.json(fuzz.validText(0, 100)));
                case 1 -> a.put("simulationId", fuzz.json(UUID.randomUUID().toString()));
                case 2 -> {
                    a.put("overrideReason", "\"why" + fuzz.pick(Fuzz.BAD_ESCAPES) + "\"");
                    badActivation = true;
                }
                case 3 -> {
                    a.put("simulationId", "\"not-a-uuid\"");
                    badActivation = true;
                }
                case 4 -> {
                    a.put("overrideReason", "\"a\"").put("overrideReason", "\"b\"");
                    badActivation = true;
                }
                default -> {
                    a.put("reason", "\"x\"");
                    badActivation = true;
                }
            }
            String revision = fuzz.chance(0.8) ? String.valueOf(activeRevision) : "999999";
            check(fuzz.send("POST", "/v1/rulesets/" + revision + "/activate", token, "application/json", a.bytes()),
                    badActivation || revision.equals("999999") ? Expect.REJECT : Expect.ACCEPT, "activation #" + i);
        }
    }

    // ---- multipart ------------------------------------------------------------------------------

    /** A multipart body: raw part headers and contents, so that anything can be wrong with them. */
    static final class Multipart {
        final String boundary = "fz" + Long.toHexString(System.nanoTime());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart part(byte[] disposition, String contentType, byte[] content) {
            out.writeBytes(Fuzz.utf8("--" + boundary + "\r\n"));
            if (disposition != null) {
                out.writeBytes(Fuzz.utf8("Content-Disposition: form-data; "));
                out.writeBytes(disposition);
                out.writeBytes(Fuzz.utf8("\r\n"));
            }
            if (contentType != null) {
                out.writeBytes(Fuzz.utf8("Content-Type: " + contentType + "\r\n"));
            }
            out.writeBytes(Fuzz.utf8("\r\n"));
            out.writeBytes(content);
            out.writeBytes(Fuzz.utf8("\r\n"));
            return this;
        }

        Multipart text(String name, byte[] value) {
            return part(Fuzz.utf8("name=\"" + name + "\""), null, value);
        }

        Multipart file(String name, byte[] fileName, byte[] content) {
            return part(DecideInputTest.concat(Fuzz.utf8("name=\"" + name + "\"; filename=\""), fileName, Fuzz.utf8("\"")),
                    "application/octet-stream", content);
        }

        byte[] end() {
            out.writeBytes(Fuzz.utf8("--" + boundary + "--\r\n"));
            return out.toByteArray();
        }

        String type() {
            return "multipart/form-data; boundary=" + boundary;
        }
    }

    /** Text for a multipart field: valid, or one of the ways it may not be kept; the flag says which. */
    Map.Entry<byte[], Boolean> partText(String valid) {
        return switch (fuzz.random.nextInt(6)) {
            case 0 -> Map.entry(DecideInputTest.concat(Fuzz.utf8(valid), fuzz.pick(Fuzz.BAD_BYTES)), true);
            case 1 -> Map.entry(Fuzz.utf8(valid + "\u0000"), true);
            case 2 -> Map.entry(Fuzz.utf8("x".repeat(3000)), true);
            default -> Map.entry(Fuzz.utf8(valid), false);
        };
    }

    /** Structure broken: returns body and content type, always to be refused. */
    Map.Entry<byte[], String> brokenMultipart(String someName) {
        Multipart m = new Multipart();
        return switch (fuzz.random.nextInt(9)) {
            case 0 -> {
                for (int k = 0; k < 1001; k++) {
                    m.text(someName, Fuzz.utf8("v" + k));
                }
                yield Map.entry(m.end(), m.type());
            }
            case 1 -> Map.entry(m.text(someName, Fuzz.utf8("v")).end(), "multipart/form-data");
            case 2 -> Map.entry(m.text(someName, Fuzz.utf8("v")).end(), "multipart/form-data; boundary=other");
            case 3 -> {
                byte[] whole = m.text(someName, Fuzz.utf8("value")).end();
                yield Map.entry(java.util.Arrays.copyOf(whole, whole.length / 2), m.type());
            }
            case 4 -> Map.entry(m.text("n".repeat(fuzz.pick(List.of(300, 10_000))), Fuzz.utf8("v")).end(), m.type());
            case 5 -> Map.entry(m.part(null, "text/plain", Fuzz.utf8("no disposition")).end(), m.type());
            case 6 -> Map.entry(m.part(Fuzz.utf8("filename=\"x.drl.csv\""), null, Fuzz.utf8("no name")).end(), m.type());
            case 7 -> Map.entry(m.part(Fuzz.utf8("name=\"" + someName + "\""), "text/plain; charset=nope", Fuzz.utf8("v")).end(), m.type());
            default -> Map.entry(m.text("na\u0000me", Fuzz.utf8("v")).end(), m.type());
        };
    }

    @Test
    @Order(6)
    void ruleSetUploads() {
        for (int i = 0; i < fuzz.cases(120); i++) {
            byte[] body;
            String type;
            boolean reject = true;
            if (fuzz.chance(0.35)) {
                Map.Entry<byte[], String> broken = brokenMultipart(fuzz.pick(List.of("remove", "note", "file", "base")));
                body = broken.getKey();
                type = broken.getValue();
            } else {
                Multipart m = new Multipart();
                // Removing a file no revision has is refused before anything is compiled: cheap, and never stored.
                m.text("remove", Fuzz.utf8("no-such-" + fuzz.between(0, 999) + ".drl.csv"));
                if (fuzz.chance(0.7)) {
                    Map.Entry<byte[], Boolean> note = partText("fuzz note " + fuzz.validText(0, 40));
                    m.text("note", note.getKey());
                }
                switch (fuzz.random.nextInt(7)) {
                    case 0 -> m.text("notes", Fuzz.utf8("typo"));
                    case 1 -> m.text("note", Fuzz.utf8("a")).text("note", Fuzz.utf8("b"));
                    case 2 -> m.text("file", Fuzz.utf8("text where a file goes"));
                    case 3 -> m.file("note", Fuzz.utf8("n.txt"), Fuzz.utf8("a file where text goes"));
                    case 4 -> m.file("file", fuzz.pick(List.of(Fuzz.utf8("../x.drl.csv"), Fuzz.utf8("a\u0000.drl.csv"), Fuzz.hex("c080"),
                            Fuzz.utf8(""), Fuzz.utf8("x".repeat(300) + ".drl.csv"), Fuzz.utf8("x.txt"))), Fuzz.utf8("a,b\n"));
                    case 5 -> m.text("base", Fuzz.utf8(fuzz.pick(List.of("abc", "1.5", "99999", "\u0000", "-1"))));
                    default -> { } // only the unknown removal: 422
                }
                body = m.end();
                type = m.type();
            }
            Fuzz.Exchange e = check(fuzz.send("POST", "/v1/rulesets", token, type, body), reject ? Expect.REJECT : Expect.ANY,
                    "rule-set upload #" + i);
            if (e.status() == 201) {
                acceptedUploads++;
            }
        }
        // A few that pass the HTTP layer and reach the compiler with a table that is not one: 422, nothing stored.
        for (int i = 0; i < 3; i++) {
            Multipart m = new Multipart().file("file", Fuzz.utf8("90-fuzz-" + i + ".drl.csv"),
                    DecideInputTest.concat(Fuzz.utf8("RuleSet,x\nRuleTable y\n"), fuzz.pick(Fuzz.BAD_BYTES)))
                    .text("note", Fuzz.utf8("reaches the compiler"));
            check(fuzz.send("POST", "/v1/rulesets", token, m.type(), m.end()), Expect.REJECT, "rule-set table #" + i);
        }
    }

    /** Tables with Drools keywords and code in every position, uploaded as an analyst would: refused where they must be, nothing runs. */
    @Test
    @Order(6)
    void tablesWithKeywordsAndCode() {
        String analyst = Tokens.token("fuzz-analyst", null, "analyst");
        for (int i = 0; i < fuzz.cases(40); i++) {
            TableMutations.Mutation m = fuzz.chance(0.6) ? TABLES.keywordAnywhere(fuzz.random) : TABLES.payloadInAnyCell(fuzz.random);
            boolean xlsx = fuzz.chance(0.4);
            Multipart form = new Multipart().file("file", Fuzz.utf8(xlsx ? "90-fuzz.drl.xlsx" : "90-fuzz.drl.csv"), m.file(xlsx));
            Fuzz.Exchange e = check(fuzz.send("POST", "/v1/rulesets", analyst, form.type(), form.end()),
                    m.outsideEveryTable() ? Expect.REJECT : Expect.ANY, "table " + m);
            if (e.status() == 201) {
                acceptedUploads++;
            } else if (m.outsideEveryTable() && m.payload().chars().noneMatch(c -> (c < 0x20 && c != '\n') || Character.isSurrogate((char) c))) {
                // (a cell no text may hold is reported first, and alone)
                List<Map<String, Object>> errors = JsonPath.from(e.response()).getList("errors");
                assertTrue(errors.stream().anyMatch(err -> m.cell().equals(String.valueOf(err.get("column")) + err.get("row"))),
                        "the problem must name " + m.cell() + ": " + e + "; " + fuzz.rerun);
            }
            assertFalse(Files.exists(TABLES.marker()), "a table's payload ran: " + m + "; " + fuzz.rerun);
        }
    }

    @Test
    @Order(7)
    void historyUploads() {
        for (int i = 0; i < fuzz.cases(120); i++) {
            byte[] body;
            String type;
            boolean reject = true;
            if (fuzz.chance(0.3)) {
                Map.Entry<byte[], String> broken = brokenMultipart(fuzz.pick(List.of("candidateRevision", "history", "baseline")));
                body = broken.getKey();
                type = broken.getValue();
            } else {
                Multipart m = new Multipart();
                StringBuilder lines = new StringBuilder();
                for (int k = 0; k < fuzz.between(1, 5); k++) {
                    lines.append("{\"commandId\":").append(fuzz.json("hist-" + k + fuzz.validText(0, 20))).append(",\"type\":\"PlaceOrder\"}\n");
                }
                byte[] history = Fuzz.utf8(lines.toString());
                reject = false;
                switch (fuzz.random.nextInt(9)) {
                    case 0 -> {
                        history = DecideInputTest.concat(history, Fuzz.utf8("{\"commandId\":\"b"), fuzz.pick(Fuzz.BAD_BYTES), Fuzz.utf8("\"}\n"));
                        reject = true;
                    }
                    case 1 -> {
                        m.text("extra", Fuzz.utf8("x"));
                        reject = true;
                    }
                    case 2 -> {
                        Map.Entry<byte[], Boolean> bad = partText("1");
                        m.text("candidateRevision", bad.getKey());
                        reject = true; // given twice at least, or bad
                    }
                    case 3 -> {
                        m.file("history", fuzz.pick(List.of(Fuzz.utf8("h\u0000.jsonl"), Fuzz.hex("eda080"), Fuzz.utf8("x".repeat(300)))),
                                history);
                        reject = true; // a second history, or a bad name
                    }
                    case 4 -> {
                        m.text("examples", Fuzz.utf8(fuzz.pick(List.of("101", "-1", "x", "1.5"))));
                        reject = true;
                    }
                    case 5 -> {
                        m.text("baseline", Fuzz.utf8(fuzz.pick(List.of("latest", "RECORDED", "1.5", "\u0000"))));
                        reject = true;
                    }
                    default -> { }
                }
                m.file("history", Fuzz.utf8("history-" + i + ".jsonl"), history);
                m.text("candidateRevision", Fuzz.utf8(String.valueOf(activeRevision)));
                if (!reject || fuzz.chance(0.5)) {
                    m.text("baseline", Fuzz.utf8(String.valueOf(activeRevision)));
                }
                body = m.end();
                type = m.type();
            }
            Fuzz.Exchange e = check(fuzz.send("POST", "/v1/simulations", token, type, body), reject ? Expect.REJECT : Expect.ANY,
                    "history upload #" + i);
            if (e.status() == 202) {
                acceptedSimulations++;
            } else if (!reject && e.status() != 429) {
                fail("a valid history upload must be accepted (or 429 when the queue is full): " + e + "; " + fuzz.rerun);
            }
        }
    }

    // ---- tokens ---------------------------------------------------------------------------------

    @Test
    @Order(8)
    void tokens() {
        String good = token;
        List<String> bad = List.of("", "x", good.substring(0, good.length() - 3) + "abc", good + ".x", "a.b.c",
                Tokens.token("fuzzer", null, -60, "decider"),
                Tokens.custom(c -> c.subject("s").claim("preferred_username", "g").claim("groups", List.of("decider", "auditor"))),
                Tokens.custom(c -> c.subject("s").claim("tenant", "").claim("realm_access", Map.of("roles", List.of("decider", "auditor")))),
                Tokens.custom(c -> c.subject("s").claim("tenant", List.of("a")).claim("realm_access", Map.of("roles", List.of("auditor")))));
        List<String[]> endpoints = List.of(new String[] {"POST", "/v1/decide"}, new String[] {"GET", "/v1/decisions?limit=1"},
                new String[] {"GET", "/v1/rulesets"}, new String[] {"GET", "/v1/audit/verify"}, new String[] {"GET", "/v1/simulations"});
        for (int i = 0; i < fuzz.cases(60); i++) {
            String[] endpoint = fuzz.pick(endpoints);
            boolean post = endpoint[0].equals("POST");
            check(fuzz.send(endpoint[0], endpoint[1], fuzz.pick(bad), post ? "application/json" : null,
                    post ? Fuzz.utf8("{\"commandId\":\"t-" + i + "\",\"type\":\"PlaceOrder\"}") : null), Expect.REJECT, "token #" + i);
        }
    }

    // ---- afterwards -----------------------------------------------------------------------------

    @Test
    @Order(100)
    void afterwardsEveryDecisionIsReadableTheChainIsIntactAndNothingRejectedWasStored() {
        for (String[] d : decided) {
            Fuzz.Exchange e = check(fuzz.send("GET", "/v1/decisions/" + d[0], token, null, null), Expect.ACCEPT, "reading decision " + d[0]);
            assertEquals(d[1], fuzz.tree(e.response()).path("input").path("commandId").asText(null),
                    "the audit record must hold the command that was decided: " + e + "; " + fuzz.rerun);
        }
        Fuzz.Exchange verify = check(fuzz.send("GET", "/v1/audit/verify", token, null, null), Expect.ACCEPT, "verify");
        assertEquals(Boolean.TRUE, JsonPath.from(verify.response()).get("intact"), "the chain must verify: " + verify + "; " + fuzz.rerun);
        Fuzz.Exchange ready = fuzz.send("GET", "/q/health/ready", null, null, null);
        assertEquals(200, ready.status(), ready + "; " + fuzz.rerun);
        assertEquals("database", JsonPath.from(ready.response()).getString("checks.find { it.name == 'audit log' }.data.mode"),
                "the audit log must still write to PostgreSQL, not the journal: " + ready + "; " + fuzz.rerun);
        assertEquals(200, fuzz.send("GET", "/q/health/live", null, null, null).status(), "alive; " + fuzz.rerun);
        assertEquals(revisionsBefore + acceptedUploads, count("ruleset_revision"),
                "rule-set revisions: only accepted uploads may add one; " + fuzz.rerun);
        assertEquals(simulationsBefore + acceptedSimulations, count("simulation"),
                "simulations: only accepted ones may add one; " + fuzz.rerun);
        System.out.printf("HttpFuzzTest: %d requests, %d decisions checked, %d uploads and %d simulations accepted; %s%n",
                requests, decided.size(), acceptedUploads, acceptedSimulations, fuzz.rerun);
    }

    long count(String table) {
        return Rows.count(dataSource, table);
    }
}

package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input boundary of {@code POST /v1/decide}: only text the audit log can keep, exactly as sent,
 * gets a decision. Everything else is 400 naming the field (415 for the media type), nothing is
 * recorded, and the audit log keeps writing to PostgreSQL.
 */
@QuarkusTest
class DecideInputTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Inject
    DataSource dataSource;

    static Response decide(byte[] body) {
        return given().contentType("application/json").body(body).post("/v1/decide");
    }

    static Response decide(String body) {
        return decide(body.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON escapes as the caller wrote them: the Java source must not turn them into characters. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL in commandId (the reported bug) | {"commandId":"c\\u0000x","type":"PlaceOrder"}                  | commandId           | NUL
            NUL in an attribute value          | {"commandId":"c","type":"b","attributes":{"k":"a\\u0000"}}     | attributes.k        | NUL
            NUL in an attribute name           | {"commandId":"c","type":"b","attributes":{"k\\u0000":"a"}}     | attributes          | NUL
            lone high surrogate                | {"commandId":"c\\ud800x","type":"PlaceOrder"}                  | commandId           | unpaired surrogate
            lone low surrogate                 | {"commandId":"c","type":"b","market":"\\udc00"}                | market              | unpaired surrogate
            surrogates the wrong way round     | {"commandId":"c","type":"b","cohort":"\\udc00\\ud800"}         | cohort              | unpaired surrogate
            duplicate top-level key            | {"commandId":"c","type":"PlaceOrder","type":"CancelOrder"}     | type                | Duplicate field
            duplicate attribute                | {"commandId":"c","type":"b","attributes":{"k":"1","k":"2"}}    | attributes.k        | Duplicate field
            unknown field with NUL in its name | {"commandId":"c","type":"b","m\\u0000":"x"}                    | m\\u0000            | unknown field
            issuedAt far in the future         | {"commandId":"c","type":"b","issuedAt":"+999999999-12-31T23:59:59Z"} | issuedAt      | out of range
            issuedAt before year 1             | {"commandId":"c","type":"b","issuedAt":"-0001-12-31T23:59:59Z"} | issuedAt           | out of range
            """)
    void textTheAuditLogCouldNotKeepIs400NamingTheField(String name, String body, String field, String says) {
        long before = audited();
        decide(body).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field.replace("\\\\", "\\")))
                .body("errors[0].message", containsString(says));
        assertEquals(before, audited());
    }

    /** Bytes Jackson would decode leniently: each refused with the field that holds them and what they are. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            overlong NUL (C0 80)               | c080     | commandId | overlong
            overlong slash (E0 80 AF)          | e080af   | commandId | overlong
            CESU-8 high surrogate (ED A0 80)   | eda080   | commandId | encoded surrogate
            CESU-8 pair for U+10000            | eda080edb080 | commandId | encoded surrogate
            F5, never in UTF-8                 | f5808080 | commandId | never occurs
            FF                                 | ff       | commandId | never occurs
            above U+10FFFF (F4 90 80 80)       | f4908080 | commandId | above U+10FFFF
            stray continuation byte            | 80       | commandId | continuation byte
            truncated 3-byte sequence          | e282     | commandId | truncated
            """)
    void bytesThatAreNotUtf8Are400NamingTheField(String name, String hex, String field, String says) {
        long before = audited();
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] body = concat("{\"type\":\"PlaceOrder\",\"commandId\":\"c".getBytes(StandardCharsets.US_ASCII), bad,
                "x\",\"market\":\"EU\"}".getBytes(StandardCharsets.US_ASCII));
        decide(body).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString(says));
        assertEquals(before, audited());
    }

    @Test
    void aBadByteInAnAttributeIsNamedByItsAttributeAndOneInAKeyByTheObject() {
        byte[] inValue = concat("{\"commandId\":\"c\",\"type\":\"b\",\"attributes\":{\"a\":\"1\",\"gift\":\"y".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xC0, (byte) 0x80}, "\"}}".getBytes(StandardCharsets.US_ASCII));
        decide(inValue).then().statusCode(400).body("errors[0].field", equalTo("attributes.gift"));
        byte[] inKey = concat("{\"commandId\":\"c\",\"type\":\"b\",\"attributes\":{\"a\":\"1\",\"g".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\":\"y\"}}".getBytes(StandardCharsets.US_ASCII));
        decide(inKey).then().statusCode(400).body("errors[0].field", containsString("attributes"));
    }

    @Test
    void validUnicodeOutsideTheBasicPlaneIsDecidedAndReadBackExactly() {
        String id = "cmd-😀-" + UUID.randomUUID();
        Response r = decide("{\"commandId\":\"" + id + "\",\"type\":\"PlaceOrder\",\"market\":\"\\ud83d\\ude00\","
                + "\"attributes\":{\"名前\":\"値\"}}");
        r.then().statusCode(200).body("commandId", equalTo(id));
        given().get("/v1/decisions/" + r.path("decisionId")).then().statusCode(200)
                .body("input.commandId", equalTo(id)).body("input.market", equalTo("😀"))
                .body("input.attributes.名前", equalTo("値"));
    }

    @Test
    void fieldsLongerThanTheirLimitAre400NamingEachOne() {
        long before = audited();
        String body = "{\"commandId\":\"" + "c".repeat(257) + "\",\"type\":\"" + "t".repeat(129) + "\",\"correlationId\":\""
                + "r".repeat(257) + "\",\"attributes\":{\"v\":\"" + "x".repeat(1025) + "\",\"" + "n".repeat(129) + "\":\"1\"}}";
        decide(body).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("commandId", "type", "correlationId", "attributes.v",
                        "attributes." + "n".repeat(64) + "…")))
                .body("errors[0].message", equalTo("is longer than 256 characters"));
        assertEquals(before, audited());
    }

    @Test
    void limitsCountCharactersNotBytes() {
        // 256 four-byte characters: 1024 bytes, inside PostgreSQL's index entry limit; one more is refused.
        String emoji = "😀".repeat(256);
        decide("{\"commandId\":\"" + emoji + "\",\"type\":\"PlaceOrder\"}").then().statusCode(200);
        decide("{\"commandId\":\"" + emoji + "😀\",\"type\":\"PlaceOrder\"}").then().statusCode(400)
                .body("errors[0].field", equalTo("commandId"));
    }

    @Test
    void moreThan64AttributesIs400() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            attributes.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":\"v\"");
        }
        decide("{\"commandId\":\"c\",\"type\":\"b\",\"attributes\":{" + attributes + "}}").then().statusCode(400)
                .body("errors[0].field", equalTo("attributes")).body("errors[0].message", containsString("at most 64"));
    }

    @Test
    void instantsAtTheEdgesOfTheRangeAreDecided() {
        decide("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"issuedAt\":\"0001-01-01T00:00:00Z\"}")
                .then().statusCode(200);
        decide("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"issuedAt\":\"9999-12-31T23:59:59.999999999Z\"}")
                .then().statusCode(200);
        decide("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"issuedAt\":\"2026-11-22T11:00:00+01:00\"}")
                .then().statusCode(200);
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            */*                               | application/json
            text/plain                        | Content-Type
            application/problem+json          | Content-Type
            application/xml                   | Content-Type
            application/json; charset=latin1  | JSON is UTF-8
            application/json; charset=UTF-16  | JSON is UTF-8
            """)
    void onlyApplicationJsonInUtf8IsAccepted(String contentType, String says) {
        long before = audited();
        byte[] body = ("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\"}").getBytes(StandardCharsets.UTF_8);
        given().contentType(contentType).body(body).post("/v1/decide").then().statusCode(415).contentType("application/problem+json")
                .body("status", equalTo(415)).body("detail", containsStringIgnoringCase(says));
        assertEquals(before, audited());
    }

    @Test
    void aRequestWithoutAContentTypeIs415() throws Exception {
        long before = audited();
        // RestAssured always sends a Content-Type with a body; the JDK client sends none unless told.
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                        + RestAssured.port + "/v1/decide"))
                .header("Authorization", "Bearer " + Tokens.token(Tokens.TESTER, null, "decider"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("no Content-Type"), r.body());
        assertEquals(before, audited());
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @CsvSource(textBlock = """
            application/json
            application/json; charset=utf-8
            APPLICATION/JSON; charset="UTF-8"
            """)
    void applicationJsonWithOrWithoutUtf8IsDecided(String contentType) {
        given().contentType(contentType).body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\"}")
                .post("/v1/decide").then().statusCode(200);
    }

    @Test
    void afterRefusedInputTheAuditLogStillWritesToPostgresqlAndVerifies() {
        decide("{\"commandId\":\"c\\u0000x\",\"type\":\"PlaceOrder\"}").then().statusCode(400);
        decide(concat("{\"commandId\":\"o".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC0, (byte) 0x80},
                "\",\"type\":\"PlaceOrder\"}".getBytes(StandardCharsets.US_ASCII))).then().statusCode(400);
        String id = decide("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\"}").then().statusCode(200)
                .extract().path("decisionId");
        given().get("/v1/decisions/" + id).then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'audit log' }.data.mode", equalTo("database"));
        given().get("/v1/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    long audited() {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM decision_log")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

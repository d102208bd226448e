package io.arbiter.api;

import io.arbiter.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multipart uploads (rule sets, simulation histories) at the HTTP layer: a note or field the
 * store could not keep as sent, a history that is not UTF-8, parts the endpoint does not take,
 * too many parts, a body the parser cannot read — each a 4xx problem+json, and nothing stored.
 */
@QuarkusTest
class UploadInputTest {
    static final String REMOVE = "30-data-residency.drl.xlsx";

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Inject
    DataSource dataSource;

    @Test
    void aNoteWithNulRejectsTheUploadWith422AndStoresNothing() {
        long before = count("ruleset_revision");
        given().multiPart("remove", REMOVE).multiPart("note", "pilot\u0000note").post("/v1/rulesets").then().statusCode(422)
                .contentType("application/problem+json").body("title", equalTo("Rule set rejected"))
                .body("errors[0].field", equalTo("note")).body("errors[0].message", containsString("NUL"));
        assertEquals(before, count("ruleset_revision"));
    }

    /** Raw note bytes: the parser decodes them with replacement, which is what the check recognises. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            overlong NUL             | c080
            CESU-8 surrogate         | eda080
            F5                       | f5808080
            truncated sequence       | e282
            """)
    void aNoteThatIsNotUtf8RejectsTheUploadWith422(String name, String hex) throws Exception {
        long before = count("ruleset_revision");
        byte[] body = new Form().text("remove", REMOVE.getBytes(StandardCharsets.US_ASCII))
                .text("note", DecideInputTest.concat("EU ".getBytes(StandardCharsets.US_ASCII), HexFormat.of().parseHex(hex))).end();
        HttpResponse<String> r = post("/v1/rulesets", Form.TYPE, body);
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"field\":\"note\"") && r.body().contains("not valid UTF-8"), r.body());
        assertEquals(before, count("ruleset_revision"));
    }

    @Test
    void aValidUnicodeNoteIsStoredExactly() throws Exception {
        byte[] body = new Form().text("remove", REMOVE.getBytes(StandardCharsets.US_ASCII))
                .text("note", "Pilot für 😀 Märkte".getBytes(StandardCharsets.UTF_8)).end();
        HttpResponse<String> r = post("/v1/rulesets", Form.TYPE, body);
        assertEquals(201, r.statusCode(), r.body());
        int revision = io.restassured.path.json.JsonPath.from(r.body()).getInt("revision");
        given().get("/v1/rulesets/" + revision).then().body("note", equalTo("Pilot für 😀 Märkte"));
    }

    @Test
    void aNoteOverTheFormAttributeLimitIs413() {
        given().multiPart("remove", REMOVE).multiPart("note", "n".repeat(3000)).post("/v1/rulesets").then().statusCode(413)
                .contentType("application/problem+json").body("title", equalTo("Part too large"));
    }

    @Test
    void partsTheEndpointDoesNotTakeOrTakesOnceAre400NamingThem() {
        long before = count("ruleset_revision");
        given().multiPart("remove", REMOVE).multiPart("notes", "typo").post("/v1/rulesets").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("notes"))
                .body("errors[0].message", containsString("unknown part"));
        given().multiPart("remove", REMOVE).multiPart("note", "one").multiPart("note", "two").post("/v1/rulesets")
                .then().statusCode(400).body("errors[0].field", equalTo("note")).body("errors[0].message", containsString("2 times"));
        given().multiPart("file", "as text, not a file").post("/v1/rulesets").then().statusCode(400)
                .body("errors[0].field", equalTo("file")).body("errors[0].message", containsString("file part"));
        given().multiPart("remove", REMOVE).multiPart("note", "n.txt", "a file".getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(400).body("errors[0].field", equalTo("note"));
        assertEquals(before, count("ruleset_revision"));
    }

    @Test
    void moreThanAThousandPartsIs413ForBothUploads() throws Exception {
        Form form = new Form();
        for (int i = 0; i < 1001; i++) {
            form.text("remove", ("x" + i + ".drl.csv").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] body = form.end();
        for (String path : new String[] {"/v1/rulesets", "/v1/simulations"}) {
            HttpResponse<String> r = post(path, Form.TYPE, body);
            assertEquals(413, r.statusCode(), path + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), path);
            assertTrue(r.body().contains("Too many parts"), r.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            truncated body                | --xyz\\r\\nContent-Disposition: form-data; name="note"\\r\\n\\r\\nabc
            no closing boundary           | --xyz\\r\\nContent-Disposition: form-data; name="remove"\\r\\n\\r\\nx.drl\\r\\n
            garbage                       | not multipart at all
            unknown charset               | --xyz\\r\\nContent-Disposition: form-data; name="note"\\r\\nContent-Type: text/plain; charset=nope\\r\\n\\r\\nab\\r\\n--xyz--\\r\\n
            """)
    void aBodyTheParserCannotReadIs400(String name, String body) throws Exception {
        long before = count("ruleset_revision");
        HttpResponse<String> r = post("/v1/rulesets", Form.TYPE, body.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(before, count("ruleset_revision"));
    }

    @Test
    void aMultipartTypeWithoutBoundaryIsReadAsAnEmptyForm() throws Exception {
        HttpResponse<String> r = post("/v1/rulesets", "multipart/form-data", "abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"field\":\"file\""), r.body());
    }

    @Test
    void aHistoryThatIsNotUtf8Is422WithItsLineAndNothingIsStored() throws Exception {
        long before = count("simulation");
        byte[] history = DecideInputTest.concat("{\"commandId\":\"h-1\",\"type\":\"PlaceOrder\"}\n{\"commandId\":\"h-2\",\"type\":\"PlaceOrder\"}\n{\"commandId\":\"h-3"
                .getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}\n".getBytes(StandardCharsets.US_ASCII));
        given().multiPart("history", "h.jsonl", history).multiPart("candidateRevision", "1").multiPart("baseline", "1")
                .post("/v1/simulations").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("history")).body("errors[0].message", containsString("line 3"))
                .body("errors[0].message", containsString("encoded surrogate"));
        assertEquals(before, count("simulation"));
    }

    @Test
    void aHistoryFieldOrFileNameThatIsNotTextIs400() throws Exception {
        long before = count("simulation");
        byte[] ok = "{\"commandId\":\"h-1\",\"type\":\"PlaceOrder\"}\n".getBytes(StandardCharsets.UTF_8);
        given().multiPart("history", "h.jsonl", ok).multiPart("candidateRevision", "1\u0000").post("/v1/simulations")
                .then().statusCode(400).body("errors[0].field", equalTo("candidateRevision"));
        byte[] body = new Form().file("history", "filename*=UTF-8''h%00.jsonl", ok).text("candidateRevision", "1".getBytes(StandardCharsets.US_ASCII))
                .text("baseline", "1".getBytes(StandardCharsets.US_ASCII)).end();
        HttpResponse<String> r = post("/v1/simulations", Form.TYPE, body);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"field\":\"history\"") && r.body().contains("NUL"), r.body());
        given().multiPart("history", "h.jsonl", ok).multiPart("candidateRevision", "1").multiPart("history", "i.jsonl", ok)
                .post("/v1/simulations").then().statusCode(400).body("errors[0].field", equalTo("history"));
        given().multiPart("history", "h.jsonl", ok).multiPart("candidateRevision", "1").multiPart("baseline", "1")
                .multiPart("extra", "x").post("/v1/simulations").then().statusCode(400).body("errors[0].field", equalTo("extra"));
        assertEquals(before, count("simulation"));
    }

    @Test
    void aValidHistoryUploadIsStillAccepted() throws Exception {
        byte[] ok = "{\"commandId\":\"ü-1\",\"type\":\"PlaceOrder\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new Form().file("history", "filename=\"geschichte-ü.jsonl\"", ok)
                .text("candidateRevision", "1".getBytes(StandardCharsets.US_ASCII)).text("baseline", "1".getBytes(StandardCharsets.US_ASCII)).end();
        HttpResponse<String> r = post("/v1/simulations", Form.TYPE, body);
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("geschichte-ü.jsonl", io.restassured.path.json.JsonPath.from(r.body()).getString("source.file.name"));
    }

    /** A multipart body built byte by byte, for what RestAssured will not send. */
    static final class Form {
        static final String TYPE = "multipart/form-data; boundary=xyz";
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Form text(String name, byte[] value) {
            out.writeBytes(("--xyz\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(value);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Form file(String name, String fileNameParameter, byte[] content) {
            out.writeBytes(("--xyz\r\nContent-Disposition: form-data; name=\"" + name + "\"; " + fileNameParameter
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        byte[] end() {
            out.writeBytes("--xyz--\r\n".getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + Tokens.token(Tokens.TESTER, null, "analyst", "engineer", "auditor"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    long count(String table) {
        return Rows.count(dataSource, table);
    }
}

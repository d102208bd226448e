package io.arbiter.api;

import io.arbiter.support.Tables;
import io.arbiter.support.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The table allow-list at the API: what an analyst uploads is refused with its cell and nothing runs or is stored. */
@QuarkusTest
class TableUploadApiTest {
    static final Path MARKER = Path.of(System.getProperty("java.io.tmpdir"), "arbiter-upload-pwned-" + ProcessHandle.current().pid());
    /** The reproduction, as an analyst uploads it. */
    static final String TIMER = Tables.timer(MARKER) + "\n";

    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    @Test
    void aTableWithATimerPropertyIsRefusedWithItsCellAndNothingRunsOrIsStored() {
        List<Integer> before = given().get("/v1/rulesets").then().statusCode(200).extract().path("revision");
        for (var file : List.of(
                new Object[] {"50-x.drl.csv", TIMER.getBytes(StandardCharsets.UTF_8)},
                new Object[] {"50-x.drl.xlsx", Workbooks.xlsx("Rules", Workbooks.csv(TIMER.strip()))})) {
            Tokens.as("ann", "analyst").multiPart("file", (String) file[0], (byte[]) file[1]).post("/v1/rulesets")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors[0].file", equalTo(file[0])).body("errors[0].row", equalTo(2)).body("errors[0].column", equalTo("A"))
                    .body("errors[0].message", containsString("'Timer' is a Drools keyword"));
        }
        assertEquals(before, given().get("/v1/rulesets").then().statusCode(200).extract().path("revision"));
        assertFalse(Files.exists(MARKER), "the Timer expression ran");
    }

    @Test
    void theBundledCsvSavedAsXlsxByLibreOfficeUploadsAndComesBackByteForByte() throws Exception {
        byte[] xlsx;
        try (InputStream in = getClass().getResourceAsStream("/libreoffice/20-order-migration.drl.xlsx")) {
            xlsx = in.readAllBytes();
        }
        int revision = Tokens.as("ann", "analyst").multiPart("file", "20-order-migration.drl.xlsx", xlsx)
                .multiPart("remove", "20-order-migration.drl.csv").post("/v1/rulesets")
                .then().statusCode(201).extract().path("revision");
        byte[] stored = given().get("/v1/rulesets/" + revision + "/files/20-order-migration.drl.xlsx")
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(xlsx, stored);
    }
}

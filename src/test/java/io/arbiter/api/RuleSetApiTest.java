package io.arbiter.api;

import io.arbiter.support.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RuleSetApiTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    static final String CHECKOUT_OWNS_ORDERS = ownership("Checkout ownership", "Checkout owns placement", "PlaceOrder", "checkout");
    static final String CANCEL_OWNER_ONLY =
            ownership("Cancel ownership", "Cancellation desk owns cancellation", "CancelOrder", "cancellation-desk");

    /** A one-row CSV ownership table. */
    static String ownership(String table, String rule, String type, String owner) {
        return String.join("\n", "RuleSet,io.arbiter.test", ",", "RuleTable " + table, "NAME,CONDITION,ACTION", ",c: Command,",
                ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"", "Rule,Command type,Owner",
                rule + "," + type + "," + owner) + "\n";
    }

    int initiallyActive;

    @BeforeEach
    void rememberActive() {
        initiallyActive = active();
    }

    @AfterEach
    void restoreActive() {
        activate(initiallyActive).then().statusCode(200);
    }

    /** Activation past the release gate, as tests of other behaviour need it: an override with a reason. */
    static Response activate(int revision) {
        return Tokens.approver().contentType(ContentType.JSON).body("{\"overrideReason\":\"test fixture\"}")
                .post("/v1/rulesets/" + revision + "/activate");
    }

    static int active() {
        return given().get("/v1/rulesets/active").then().statusCode(200).extract().path("revision");
    }

    static Response upload(String name, byte[] content, Map<String, String> fields) {
        var request = given().multiPart("file", name, content);
        fields.forEach(request::multiPart);
        return request.post("/v1/rulesets");
    }

    static int uploadCsv(String name, String csv) {
        return upload(name, csv.getBytes(StandardCharsets.UTF_8), Map.of()).then().statusCode(201).extract().path("revision");
    }

    @Test
    void anUploadBecomesADraftOfTheBaseFilesPlusTheUpload() {
        Response r = upload("50-checkout.drl.csv", CHECKOUT_OWNS_ORDERS.getBytes(StandardCharsets.UTF_8), Map.of("note", "try checkout"));
        r.then().statusCode(201)
                .body("status", equalTo("DRAFT"))
                .body("baseRevision", equalTo(initiallyActive))
                .body("note", equalTo("try checkout"))
                .body("sha256", matchesPattern("[0-9a-f]{64}"))
                .body("ruleCount", equalTo(18))
                .body("createdAt", notNullValue())
                .body("activatedAt", nullValue())
                .body("files.name", hasItems("10-ownership.drl.xlsx", "20-order-migration.drl.csv",
                        "30-data-residency.drl.xlsx", "40-refund-controls.drl", "50-checkout.drl.csv"));
        int revision = r.path("revision");
        assertTrue(revision > initiallyActive);
        assertEquals(initiallyActive, active(), "an upload does not change what decides");
        given().get("/v1/rulesets").then().statusCode(200).body("revision", hasItems(revision, initiallyActive));
        given().get("/v1/rulesets/" + revision).then().statusCode(200).body("note", equalTo("try checkout"));
    }

    @Test
    void filesCanBeReplacedAndRemovedAgainstAChosenBase() {
        int withCheckout = uploadCsv("50-checkout.drl.csv", CHECKOUT_OWNS_ORDERS);
        Response r = given().multiPart("file", "50-cancel.drl.csv", CANCEL_OWNER_ONLY.getBytes(StandardCharsets.UTF_8))
                .multiPart("remove", "50-checkout.drl.csv").multiPart("remove", "40-refund-controls.drl")
                .multiPart("base", String.valueOf(withCheckout)).post("/v1/rulesets");
        r.then().statusCode(201).body("baseRevision", equalTo(withCheckout))
                .body("files.name", not(hasItem("50-checkout.drl.csv")))
                .body("files.name", not(hasItem("40-refund-controls.drl")))
                .body("files.name", hasItem("50-cancel.drl.csv"));
        // Same content, same fingerprint, whatever the path to it.
        String sha = given().get("/v1/rulesets/" + initiallyActive).path("sha256");
        given().multiPart("remove", "50-checkout.drl.csv").multiPart("base", String.valueOf(withCheckout)).post("/v1/rulesets")
                .then().statusCode(201).body("sha256", equalTo(sha));
    }

    @Test
    void uploadedBytesComeBackExactly() {
        byte[] xlsx = Workbooks.xlsx("Checkout", Workbooks.csv(CHECKOUT_OWNS_ORDERS.strip()));
        int revision = upload("50-checkout.drl.xlsx", xlsx, Map.of()).then().statusCode(201).extract().path("revision");
        byte[] back = given().get("/v1/rulesets/" + revision + "/files/50-checkout.drl.xlsx").then().statusCode(200)
                .header("ETag", notNullValue()).extract().asByteArray();
        assertArrayEquals(xlsx, back);
        given().get("/v1/rulesets/" + revision + "/files/nope.drl").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aBrokenUploadIs422WithLocatedErrorsAndStoresNothing() {
        int revisionsBefore = given().get("/v1/rulesets").then().extract().path("size()");
        String broken = CHECKOUT_OWNS_ORDERS.replace("type ==", "typo ==");
        upload("50-checkout.drl.csv", broken.getBytes(StandardCharsets.UTF_8), Map.of()).then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Rule set rejected"))
                .body("errors[0].file", equalTo("50-checkout.drl.csv"))
                .body("errors[0].row", equalTo(6))
                .body("errors[0].column", equalTo("B"))
                .body("errors[0].message", containsString("'typo' is not a field of the command"));
        assertEquals(revisionsBefore, (int) given().get("/v1/rulesets").then().extract().path("size()"));
    }

    @Test
    void badUploadRequestsAreProblems() {
        given().multiPart("note", "nothing").post("/v1/rulesets").then().statusCode(400).body("errors[0].field", equalTo("file"));
        given().multiPart("remove", "x.drl").multiPart("base", "abc").post("/v1/rulesets")
                .then().statusCode(400).body("errors[0].field", equalTo("base"));
        given().multiPart("remove", "x.drl").multiPart("base", "9999").post("/v1/rulesets").then().statusCode(404);
        given().multiPart("remove", "no-such-file.drl").post("/v1/rulesets").then().statusCode(422)
                .body("errors[0].file", equalTo("no-such-file.drl"));
        upload("50-huge.drl.csv", new byte[2 * 1024 * 1024 + 1], Map.of()).then().statusCode(422)
                .body("errors[0].file", equalTo("50-huge.drl.csv")).body("errors[0].message", containsString("at most 2097152"));
        upload("owners.xlsx", new byte[] {1, 2}, Map.of()).then().statusCode(422)
                .body("errors[0].message", containsString("Unsupported file name"));
        upload("../../etc/50-x.drl.csv", CHECKOUT_OWNS_ORDERS.getBytes(StandardCharsets.UTF_8), Map.of()).then().statusCode(422)
                .body("errors[0].message", containsString("no path"));
    }

    @Test
    void activationSwapsWhatDecidesAndRollbackRestoresIt() {
        int candidate = uploadCsv("50-cancel.drl.csv", CANCEL_OWNER_ONLY.replace("CancelOrder", "ArchiveOrder"));
        String body = "{\"commandId\":\"c-arch-%d\",\"type\":\"ArchiveOrder\"}";
        DecideApiTest.decide(body.formatted(1)).then().body("outcome", equalTo("NO_OWNER")).body("revision", equalTo(initiallyActive));

        activate(candidate).then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("activatedAt", notNullValue());
        assertEquals(candidate, active());
        given().get("/v1/rulesets/" + initiallyActive).then().body("status", equalTo("RETIRED"));
        DecideApiTest.decide(body.formatted(2)).then().body("outcome", equalTo("ROUTED")).body("owner", equalTo("cancellation-desk"))
                .body("revision", equalTo(candidate));

        activate(initiallyActive).then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().get("/v1/rulesets/" + candidate).then().body("status", equalTo("RETIRED"));
        DecideApiTest.decide(body.formatted(3)).then().body("outcome", equalTo("NO_OWNER")).body("revision", equalTo(initiallyActive));
        // A retry of the decision made under the candidate still answers with the candidate's decision.
        DecideApiTest.decide(body.formatted(2)).then().body("owner", equalTo("cancellation-desk"))
                .body("revision", equalTo(candidate)).body("replayed", equalTo(true));
    }

    @Test
    void twoTablesClaimingOneCommandAreAnsweredAsAmbiguous() {
        int candidate = uploadCsv("50-checkout.drl.csv", CHECKOUT_OWNS_ORDERS);
        activate(candidate).then().statusCode(200);
        Response r = DecideApiTest.decide("{\"commandId\":\"c-amb\",\"type\":\"PlaceOrder\"}");
        r.then().statusCode(200).body("outcome", equalTo("AMBIGUOUS")).body("owner", nullValue())
                .body("reasons", hasItem(containsString("'order-management' (table 'Command ownership' row 8) vs 'checkout' (table 'Checkout ownership' row 8)")));
        given().get("/v1/decisions/" + r.path("decisionId")).then().statusCode(200).body("result.outcome", equalTo("AMBIGUOUS"));
    }

    @Test
    void unknownRevisionsAre404() {
        given().get("/v1/rulesets/9999").then().statusCode(404).contentType("application/problem+json");
        activate(9999).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void decisionsInFlightDuringSwapsNeverFailAndAreStampedWithTheRevisionThatDecided() throws Exception {
        int candidate = uploadCsv("50-cancel.drl.csv", CANCEL_OWNER_ONLY.replace("CancelOrder", "ArchiveOrder"));
        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            String worker = "w" + w + "-";
            workers.add(pool.submit(() -> {
                List<String> problems = new ArrayList<>();
                int n = 0;
                while (swapping.get() || n < 20) {
                    Response r = given().contentType(ContentType.JSON)
                            .body("{\"commandId\":\"swap-" + worker + n++ + "\",\"type\":\"ArchiveOrder\"}").post("/v1/decide");
                    if (r.statusCode() != 200) {
                        problems.add("status " + r.statusCode());
                        continue;
                    }
                    int revision = r.path("revision");
                    String outcome = r.path("outcome");
                    boolean consistent = revision == candidate ? outcome.equals("ROUTED") : outcome.equals("NO_OWNER");
                    if (!consistent) {
                        problems.add("revision " + revision + " answered " + outcome);
                    }
                }
                return problems;
            }));
        }
        for (int i = 0; i < 10; i++) {
            activate((i % 2 == 0 ? candidate : initiallyActive)).then().statusCode(200);
        }
        swapping.set(false);
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> f : workers) {
            problems.addAll(f.get());
        }
        pool.shutdown();
        assertEquals(List.of(), problems);
    }
}

package io.arbiter.api.readme;

import com.fasterxml.jackson.databind.JsonNode;
import io.arbiter.api.OpenModeProfile;
import io.arbiter.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * README.md's examples, run as written against the service, in the README's order, each answer
 * checked against the one the README shows after it — so the README cannot drift from what the
 * service answers. The README marks them: {@code <!-- example: NAME -->} on the line before a fenced
 * block of curl commands, {@code <!-- answer: NAME -->} on the line before the block showing what the
 * first command answers (the block's other commands are run too, and must succeed). Files an example
 * uploads ({@code -F file=@examples/…}) are read from the checkout, as curl would from its root.
 *
 * <p>The service runs in open mode ({@link OpenModeProfile}), as the README's set-up command starts
 * it and as its examples are written (no {@code Authorization} header): the caller recorded is the
 * caller's address. It starts where the README starts, on the bundled revision 1; the revision that
 * was active before is active again afterwards.
 *
 * <p><b>What is compared.</b> Everything the README shows, and that it shows all of it unless it says not:
 * <ul>
 *   <li>An object has exactly the fields shown, unless it holds {@code "...": "..."}: then it may have
 *       more. An array has exactly the elements shown, in order; a {@code "…"} (or {@code "..."})
 *       element stands for any number of elements there ({@code [a, "…"]}: starts with a).</li>
 *   <li>In text, each {@code …} stands for any text: {@code "e7e45e5b…"} is a hash starting so,
 *       {@code "…, owner=order-management, …"} a reason holding that.</li>
 *   <li>The status is the status line when the answer shows one ({@code curl -si}), else a problem's
 *       {@code status}, else any 2xx. Headers shown are compared too, the README's
 *       {@code http://localhost:8080} standing for the service under test.</li>
 * </ul>
 * <b>What is this run's own</b> and so not compared as written:
 * <ul>
 *   <li><b>Ids</b> (any UUID, e.g. {@code decisionId}, a simulation's {@code id}) and <b>revision
 *       numbers</b> ({@code revision}, {@code baseRevision}, {@code candidateRevision},
 *       {@code previousRevision}, and "revision N" in prose): the first answer showing a README id or
 *       revision number binds it to the value answered; from then on answers must show that value
 *       where the README shows its own, and later requests are sent with it ({@link RunValues}).
 *       Revision numbers are bound rather than written because other tests on this profile upload
 *       revisions too.</li>
 *   <li><b>Instants</b> (an RFC 3339 UTC timestamp the README shows): any instant — unless the request
 *       sent it (an {@code at}, an {@code issuedAt}): the caller's own, compared as written.</li>
 *   <li><b>The audit chain's {@code hash}</b> (it covers the record's timestamps): any SHA-256.
 *       Content hashes ({@code sha256} of rule-set files and revisions) are compared: the same files
 *       have the same hash on every run.</li>
 *   <li><b>Positions in the audit log and counts over it</b> ({@link ShownJson#LOG_POSITIONS}): any
 *       whole number, since the log is shared with the other tests on this profile.</li>
 *   <li><b>Measurements</b> ({@link ShownJson#MEASUREMENTS}: evaluation timers, a signal's age): any
 *       value of the same JSON type.</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class ReadmeExamplesTest {
    static final Path README = Path.of("README.md");
    static final int BUNDLED_REVISION = 1;
    /** As curl sends it: a Content-Type exactly as written, no charset added. */
    static final RestAssuredConfig AS_CURL = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Test
    void theReadmeMarksItsExamplesAndEveryFileTheyUploadIsShipped() throws IOException {
        List<ReadmeExamples.Example> examples = ReadmeExamples.read(README);
        assertFalse(examples.isEmpty(), "README.md marks no example");
        for (ReadmeExamples.Example example : examples) {
            for (CurlCommand command : example.commands()) {
                for (Map.Entry<String, String> part : command.form()) {
                    if (part.getValue().startsWith("@")) {
                        Path file = Path.of(part.getValue().substring(1));
                        assertTrue(file.startsWith("examples") && Files.isRegularFile(file),
                                example + " uploads " + file + ", which is not a file under examples/");
                    }
                }
            }
        }
    }

    /**
     * The examples in order, between putting the bundled revision in charge (where the README
     * starts) and putting back the revision that was active (other tests on this profile follow).
     * The README's decide example follows its signal pushes (healthy inventory confidence and planner
     * lag, unmarked: a fixed {@code observedAt} would be stale by the time the test runs), so the test
     * pushes the same values, observed now, first.
     */
    @TestFactory
    Stream<DynamicTest> everyMarkedExampleAnswersWhatTheReadmeShows() throws IOException {
        RunValues run = new RunValues();
        long[] activeBefore = new long[1];
        DynamicTest start = DynamicTest.dynamicTest("the bundled revision decides, as on a fresh install", () -> {
            activeBefore[0] = given().get("/v1/rulesets/active").then().statusCode(200).extract().jsonPath().getLong("revision");
            given().post("/v1/rulesets/" + BUNDLED_REVISION + "/activate").then().statusCode(200);
            io.arbiter.api.PushedSignals.healthy();
        });
        DynamicTest end = DynamicTest.dynamicTest("the revision active before is active again", () ->
                given().post("/v1/rulesets/" + activeBefore[0] + "/activate").then().statusCode(200));
        Stream<DynamicTest> examples = ReadmeExamples.read(README).stream()
                .map(example -> DynamicTest.dynamicTest(example.toString(), () -> runAndCompare(example, run)));
        return Stream.of(Stream.of(start), examples, Stream.of(end)).flatMap(s -> s);
    }

    private static void runAndCompare(ReadmeExamples.Example example, RunValues run) throws IOException {
        List<CurlCommand> commands = example.commands();
        Response first = send(commands.get(0), run);
        for (CurlCommand more : commands.subList(1, commands.size())) {
            int status = send(more, run).statusCode();
            assertTrue(status >= 200 && status < 300, example + ": " + more + " answered " + status);
        }
        ShownAnswer shown = example.answer();
        String answered = first.asString();
        Integer promised = shown.promisedStatus();
        if (promised == null) {
            assertTrue(first.statusCode() >= 200 && first.statusCode() < 300,
                    example + ": " + commands.get(0) + " answered " + first.statusCode() + ": " + answered);
        } else {
            assertEquals(promised.intValue(), first.statusCode(), example + ": " + commands.get(0) + " answered " + answered);
        }
        List<String> differences = new ArrayList<>();
        if (shown.body() != null) {
            differences.addAll(ShownJson.differences(shown.body(), first.as(JsonNode.class), run, commands.get(0).asWritten()));
        }
        String baseUrl = RestAssured.baseURI + ":" + RestAssured.port;
        shown.headers().forEach((name, value) -> {
            String header = first.header(name);
            if (header == null || !ShownJson.sameText(value, header, baseUrl, run)) {
                differences.add("header " + name + ": the README shows " + value + ", the service answered " + header);
            }
        });
        if (!differences.isEmpty()) {
            fail(example + ": " + commands.get(0) + " answered what the README does not show:\n  "
                    + String.join("\n  ", differences) + "\nThe answer was: " + answered);
        }
    }

    private static Response send(CurlCommand command, RunValues run) throws IOException {
        RequestSpecification request = given().config(AS_CURL).urlEncodingEnabled(false);
        command.headers().forEach((name, value) -> request.header(name, run.inRequest(value)));
        if (command.body() != null) {
            request.body(run.inRequest(command.body()).getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> part : command.form()) {
            String value = part.getValue();
            if (value.startsWith("@")) {
                Path file = Path.of(value.substring(1));
                request.multiPart(part.getKey(), file.getFileName().toString(), Files.readAllBytes(file));
            } else {
                request.multiPart(part.getKey(), run.inFormField(part.getKey(), value));
            }
        }
        return request.request(command.method(), run.inRequest(command.target()));
    }
}

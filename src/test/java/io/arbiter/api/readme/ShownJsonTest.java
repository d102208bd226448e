package io.arbiter.api.readme;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison rules ReadmeExamplesTest documents: each accepts what it should and refuses the rest. */
class ShownJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID_A = "01a2027d-9e3d-77dd-8a71-70945ada3561";
    static final String ID_B = "579543b1-ee65-449a-b8ee-719c81ab09c8";
    static final String RUN_1 = "01a22ce7-5e9e-7196-b20f-7b2fb223f3af";
    static final String RUN_2 = "c83c175b-fd96-47e6-a659-4dc63e86d1ec";

    static List<String> differences(String shown, String answered, RunValues run, String sent) throws Exception {
        return ShownJson.differences(JSON.readTree(shown), JSON.readTree(answered), run, sent);
    }

    static List<String> differences(String shown, String answered) throws Exception {
        return differences(shown, answered, new RunValues(), "");
    }

    @Test
    void anObjectHasExactlyTheFieldsShownUnlessItSaysThereAreMore() throws Exception {
        assertEquals(List.of(), differences("{\"a\": 1, \"b\": {}}", "{\"b\": {}, \"a\": 1}"));
        assertEquals(List.of("$.b.giftWrap: the service answered \"yes\", the README does not show it (nor \"...\": \"...\" for more fields)"),
                differences("{\"a\": 1, \"b\": {}}", "{\"a\": 1, \"b\": {\"giftWrap\": \"yes\"}}"));
        assertEquals(List.of(), differences("{\"a\": 1, \"...\": \"...\"}", "{\"a\": 1, \"c\": 2}"));
        assertEquals(List.of("$.a: missing; the README shows 1"), differences("{\"a\": 1, \"...\": \"...\"}", "{\"c\": 2}"));
        assertEquals(List.of("$.a: the README shows null, the service answered \"acme\""), differences("{\"a\": null}", "{\"a\": \"acme\"}"));
    }

    @Test
    void anArrayHasTheElementsShownInOrderAnEllipsisStandingForAnyNumber() throws Exception {
        assertEquals(List.of(), differences("[1, 2]", "[1, 2]"));
        assertEquals(List.of("$: the README shows 2 elements, the service answered 3: [1,2,3]"), differences("[1, 2]", "[1, 2, 3]"));
        assertEquals(List.of(), differences("[1, \"…\"]", "[1, 2, 3]"));
        assertEquals(List.of("$[0]: the README shows 2, the service answered 1"), differences("[2, \"…\"]", "[1, 2, 3]"));
        assertEquals(List.of(), differences("[\"…\", 2, \"…\", 4]", "[1, 2, 3, 4]"));
        assertEquals(List.of(), differences("[\"...\", 2, \"...\"]", "[1, 2, 3, 4]"));
        assertTrue(differences("[\"…\", 4, \"…\", 2]", "[1, 2, 3, 4]").get(0).startsWith("$: the service's elements do not hold"));
        assertTrue(differences("[\"…\", 2, 3]", "[1, 2, 3, 4]").get(0).startsWith("$: the service's elements do not hold"));
    }

    @Test
    void anEllipsisInTextStandsForAnyText() throws Exception {
        assertEquals(List.of(), differences("\"5e9cd07e…\"", "\"5e9cd07ecefb587b7b6ed227f382631da458f25a5d9d3224f371b06b910529db\""));
        assertEquals(List.of(), differences("\"row 8 set owner=order-management, …\"", "\"row 8 set owner=order-management, mode=DIRECT\""));
        assertEquals(List.of("$: the README shows \"e7e45e5b…\", the service answered \"5e9cd07e\""), differences("\"e7e45e5b…\"", "\"5e9cd07e\""));
        assertEquals(List.of("$: the README shows \"web\", the service answered \"store\""), differences("\"web\"", "\"store\""));
    }

    @Test
    void aReadmeIdStandsForTheSameIdOfTheRunEverywhereAndIsSentAsIt() throws Exception {
        RunValues run = new RunValues();
        assertEquals(List.of(), differences("{\"decisionId\": \"" + ID_A + "\"}", "{\"decisionId\": \"" + RUN_1 + "\"}", run, ""));
        assertEquals(List.of(), differences("{\"decision_id\": \"" + ID_A + "\"}", "{\"decision_id\": \"" + RUN_1 + "\"}", run, ""));
        assertEquals(List.of("$.decision_id: " + RUN_2 + " is not the id the README's " + ID_A + " stood for earlier in this run"),
                differences("{\"decision_id\": \"" + ID_A + "\"}", "{\"decision_id\": \"" + RUN_2 + "\"}", run, ""));
        assertEquals(List.of("$.id: " + RUN_1 + " is not the id the README's " + ID_B + " stood for earlier in this run"),
                differences("{\"id\": \"" + ID_B + "\"}", "{\"id\": \"" + RUN_1 + "\"}", run, ""), "two README ids for one of the run's");
        assertEquals(List.of("$.id: not-an-id is not the id the README's " + ID_B + " stood for earlier in this run"),
                differences("{\"id\": \"" + ID_B + "\"}", "{\"id\": \"not-an-id\"}", run, ""));
        assertEquals("/v1/decisions/" + RUN_1 + "?x=" + ID_B, run.inRequest("/v1/decisions/" + ID_A + "?x=" + ID_B));
    }

    @Test
    void aReadmeRevisionStandsForTheRunsInAnswersProseAndRequests() throws Exception {
        RunValues run = new RunValues();
        assertEquals(List.of(), differences("{\"revision\": 2, \"baseRevision\": 1}", "{\"revision\": 7, \"baseRevision\": 1}", run, ""));
        assertEquals(List.of(), differences("{\"candidateRevision\": 2, \"candidate\": \"revision 2\"}",
                "{\"candidateRevision\": 7, \"candidate\": \"revision 7\"}", run, ""));
        assertEquals(List.of("$.revision: revision 8 is not the one the README's revision 2 stood for earlier in this run"),
                differences("{\"revision\": 2}", "{\"revision\": 8}", run, ""));
        assertEquals(List.of("$.bucket: the README shows 2, the service answered 7"), differences("{\"bucket\": 2}", "{\"bucket\": 7}", run, ""));
        assertEquals("/v1/rulesets/7/evaluate?at=2", run.inRequest("/v1/rulesets/2/evaluate?at=2"));
        assertEquals("/v1/rulesets/1", run.inRequest("/v1/rulesets/1"));
        assertEquals("{\"candidateRevision\": 7, \"last\": 2}", run.inRequest("{\"candidateRevision\": 2, \"last\": 2}"));
        assertEquals("7", run.inFormField("candidateRevision", "2"));
        assertEquals("2", run.inFormField("note", "2"));
    }

    @Test
    void instantsAreTheRunsUnlessTheRequestSentThem() throws Exception {
        String shown = "{\"decidedAt\": \"2026-11-22T09:01:56.669519Z\", \"evaluatedAt\": \"2026-12-01T09:00:00Z\"}";
        String sent = "/v1/rulesets/2/evaluate?at=2026-12-01T09:00:00Z";
        assertEquals(List.of(), differences(shown,
                "{\"decidedAt\": \"2026-11-30T14:41:30.270889Z\", \"evaluatedAt\": \"2026-12-01T09:00:00Z\"}", new RunValues(), sent));
        assertEquals(List.of("$.evaluatedAt: the README shows \"2026-12-01T09:00:00Z\", the service answered \"2026-12-01T00:00:00Z\""),
                differences(shown, "{\"decidedAt\": \"2026-11-30T14:41:30Z\", \"evaluatedAt\": \"2026-12-01T00:00:00Z\"}", new RunValues(), sent));
        assertEquals(List.of("$.decidedAt: yesterday is not an instant like the README's 2026-11-22T09:01:56.669519Z"),
                differences(shown, "{\"decidedAt\": \"yesterday\", \"evaluatedAt\": \"2026-12-01T09:00:00Z\"}", new RunValues(), sent));
    }

    @Test
    void chainHashesLogPositionsAndMeasurementsAreTheRunsButKeepTheirKind() throws Exception {
        String shown = "{\"seq\": 1, \"hash\": \"c181cf8e…\", \"metrics\": {\"timer_arbiter_eval_ns\": 995936}, \"checked\": 1}";
        String hash = "c6016192eec1b138ab74bd829f63c629ba251b5cc0fad9c8e54cab97742abdf3";
        assertEquals(List.of(), differences(shown,
                "{\"seq\": 4711, \"hash\": \"" + hash + "\", \"metrics\": {\"timer_arbiter_eval_ns\": 2087295}, \"checked\": 4711}"));
        assertEquals(List.of("$.seq: the README shows 1, the service answered \"1\"", "$.hash: c181cf8e is not a SHA-256 in hex",
                        "$.metrics: [] is not of the JSON type of the README's {\"timer_arbiter_eval_ns\":995936}", "$.checked: -1 is not a position in the audit log"),
                differences(shown, "{\"seq\": \"1\", \"hash\": \"c181cf8e\", \"metrics\": [], \"checked\": -1}"));
    }

    @Test
    void theStatusIsTheStatusLineElseAProblemsElseAny2xx() {
        ShownAnswer withLine = ShownAnswer.parse("HTTP/1.1 202 Accepted\nLocation: http://localhost:8080/v1/simulations/" + ID_B
                + "\n\n{\"id\": \"" + ID_B + "\"}\n");
        assertEquals(202, withLine.promisedStatus());
        assertEquals(Map.of("Location", "http://localhost:8080/v1/simulations/" + ID_B), withLine.headers());
        assertEquals(409, ShownAnswer.parse("{\"type\": \"about:blank\", \"title\": \"Release gate\", \"status\": 409}").promisedStatus());
        assertEquals(null, ShownAnswer.parse("{\"revision\": 2, \"status\": \"DRAFT\"}").promisedStatus());
        RunValues run = new RunValues();
        run.sameId(ID_B, RUN_2);
        assertTrue(ShownJson.sameText("http://localhost:8080/v1/simulations/" + ID_B, "http://localhost:41234/v1/simulations/" + RUN_2,
                "http://localhost:41234", run));
    }
}

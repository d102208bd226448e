package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The AuthZEN 1.0 Access Evaluation façade, with the specification's request and response shapes.
 * Commands here do not depend on signal state: ReserveInventory (owned by inventory), US orders
 * (order management, legacy), UpdateOrderStatus (nobody).
 */
@QuarkusTest
class AuthZenApiTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    /** An AuthZEN evaluation request: {@code subject} asks whether it may {@code action} the command. */
    static String evaluation(String subject, String action, String commandId, String type) {
        return """
                {"subject":{"type":"bounded_context","id":"%s"},"action":{"name":"%s"},
                 "resource":{"type":"command","id":"%s","properties":{"type":"%s","market":"US","channel":"web"}}}"""
                .formatted(subject, action, commandId, type);
    }

    static Response post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aCommandRoutedToTheSubjectIsPermittedWithTheDecisionAsContextAndAudited() {
        String commandId = id();
        Response r = post("/access/v1/evaluation", evaluation("inventory", "handle", commandId, "ReserveInventory"));
        r.then().statusCode(200).contentType(ContentType.JSON)
                .body("decision", equalTo(true))
                .body("context.commandId", equalTo(commandId))
                .body("context.outcome", equalTo("ROUTED"))
                .body("context.owner", equalTo("inventory"))
                .body("context.revision", notNullValue())
                .body("context.reasons", notNullValue())
                .body("context", not(hasKey("replayed")));
        String decisionId = r.path("context.decisionId");
        Response record = given().get("/v1/decisions/" + decisionId);
        record.then().statusCode(200).body("input.commandId", equalTo(commandId)).body("input.type", equalTo("ReserveInventory"))
                .body("input.market", equalTo("US")).body("result.owner", equalTo("inventory"));
        assertEquals(r.jsonPath().getMap("context"), record.jsonPath().getMap("result"));
    }

    @Test
    void aCommandRoutedToAnotherContextIsDeniedAndTheContextNamesTheOwner() {
        post("/access/v1/evaluation", evaluation("inventory", "handle", id(), "PlaceOrder")).then().statusCode(200)
                .body("decision", equalTo(false)).body("context.outcome", equalTo("ROUTED"))
                .body("context.owner", equalTo("order-management")).body("context.implementation", equalTo("legacy"));
    }

    @Test
    void aCommandNobodyOwnsIsDeniedAndRecorded() {
        Response r = post("/access/v1/evaluation", evaluation("order-management", "handle", id(), "UpdateOrderStatus"));
        r.then().statusCode(200).body("decision", equalTo(false)).body("context.outcome", equalTo("NO_OWNER"))
                .body("context.owner", nullValue());
        given().get("/v1/decisions/" + r.path("context.decisionId")).then().statusCode(200)
                .body("result.outcome", equalTo("NO_OWNER"));
    }

    @Test
    void anActionOtherThanHandleIsDeniedWithAReasonAndNothingIsDecided() {
        String commandId = id();
        post("/access/v1/evaluation", evaluation("inventory", "read", commandId, "ReserveInventory")).then().statusCode(200)
                .body("decision", equalTo(false))
                .body("context.reasons[0]", containsString("only the action 'handle'"))
                .body("context.reasons[0]", containsString("'read'"))
                .body("context", not(hasKey("decisionId")));
        given().get("/v1/decisions?commandId=" + commandId).then().statusCode(200).body("items.size()", equalTo(0));
    }

    /** The specification's own examples (a user reading documents): a well-formed question Arbiter does not decide, denied in shape. */
    @Test
    void theSpecificationsExamplesAreAnsweredInItsShapesAsDenies() {
        post("/access/v1/evaluation", """
                {"subject":{"type":"user","id":"alice@acmecorp.com"},"resource":{"type":"account","id":"123"},
                 "action":{"name":"can_read","properties":{"method":"GET"}},"context":{"time":"1985-10-26T01:22-07:00"}}""")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("keySet()", contains("decision", "context"))
                .body("decision", equalTo(false)).body("context.reasons[0]", containsString("'can_read'"));
        post("/access/v1/evaluations", """
                {"subject":{"type":"user","id":"alice@acmecorp.com"},"action":{"name":"can_read"},
                 "evaluations":[{"resource":{"type":"document","id":"boxcarring.md"}},
                                {"resource":{"type":"document","id":"subject-search.md"}},
                                {"action":{"name":"can_edit"},"resource":{"type":"document","id":"resource-search.md"}}]}""")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("keySet()", contains("evaluations"))
                .body("evaluations.decision", contains(false, false, false))
                .body("evaluations[2].context.reasons[0]", containsString("'can_edit'"));
    }

    @Test
    void aResourceThatIsNotACommandIsDeniedWithAReason() {
        post("/access/v1/evaluation", """
                {"subject":{"type":"bounded_context","id":"inventory"},"action":{"name":"handle"},
                 "resource":{"type":"document","id":"doc-1"}}""").then().statusCode(200)
                .body("decision", equalTo(false)).body("context.reasons[0]", containsString("type 'command'"));
    }

    @Test
    void unknownMembersAreIgnoredUnlikeOnDecide() {
        post("/access/v1/evaluation", """
                {"subject":{"type":"bounded_context","id":"inventory","properties":{"region":"eu-1"},"extra":1},
                 "action":{"name":"handle","properties":{"method":"POST"}},
                 "resource":{"type":"command","id":"%s","properties":{"type":"ReserveInventory","market":"US","ip":"10.0.0.1"}},
                 "context":{"time":"2026-11-30T10:00:00Z"},"somethingNew":{"a":[1,2]}}""".formatted(id()))
                .then().statusCode(200).body("decision", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"commandId\":\"" + id() + "\",\"type\":\"ReserveInventory\",\"ip\":\"10.0.0.1\"}")
                .post("/v1/decide").then().statusCode(400).body("errors[0].field", equalTo("ip"));
    }

    @Test
    void theEnvelopeIsReadFromTheResourceProperties() {
        String commandId = id();
        Response r = post("/access/v1/evaluation", """
                {"subject":{"type":"bounded_context","id":"order-management"},"action":{"name":"handle"},
                 "resource":{"type":"command","id":"%s","properties":{"type":"PlaceOrder","businessKey":"order-77","tenant":"acme",
                   "market":"US","channel":"store","product":"shoes","customerTier":"gold","cohort":"none",
                   "attributes":{"giftWrap":"yes"},"correlationId":"corr-authzen","causationId":"cause-1",
                   "issuedAt":"2026-11-30T10:00:00Z"}}}""".formatted(commandId));
        r.then().statusCode(200).body("decision", equalTo(true));
        given().get("/v1/decisions/" + r.path("context.decisionId")).then().statusCode(200)
                .body("input.businessKey", equalTo("order-77")).body("input.tenant", equalTo("acme"))
                .body("input.channel", equalTo("store")).body("input.attributes.giftWrap", equalTo("yes"))
                .body("input.correlationId", equalTo("corr-authzen")).body("input.causationId", equalTo("cause-1"))
                .body("input.issuedAt", equalTo("2026-11-30T10:00:00Z"));
    }

    @Test
    void theSameCommandEvaluatedAgainGetsTheRecordedDecision() {
        String commandId = id();
        Response first = post("/access/v1/evaluation", evaluation("inventory", "handle", commandId, "ReserveInventory"));
        first.then().statusCode(200).body("decision", equalTo(true));
        // Another context asks about the same command: the one recorded decision answers both, consistently.
        post("/access/v1/evaluation", evaluation("payments", "handle", commandId, "ReserveInventory")).then().statusCode(200)
                .body("decision", equalTo(false)).body("context.replayed", equalTo(true))
                .body("context.decisionId", equalTo(first.path("context.decisionId")))
                .body("context.owner", equalTo("inventory"));
        given().get("/v1/decisions?commandId=" + commandId).then().statusCode(200).body("items.size()", equalTo(1));
        post("/access/v1/evaluation", evaluation("inventory", "handle", commandId, "PlaceOrder")).then().statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("type"));
    }

    @Test
    void theRequestIdIsEchoedOnEveryAnswer() {
        given().header("X-Request-ID", "req-1").contentType(ContentType.JSON)
                .body(evaluation("inventory", "handle", id(), "ReserveInventory")).post("/access/v1/evaluation")
                .then().statusCode(200).header("X-Request-ID", "req-1");
        given().header("X-Request-ID", "req-2").contentType(ContentType.JSON)
                .body("{\"evaluations\":[" + evaluation("inventory", "handle", id(), "ReserveInventory") + "]}")
                .post("/access/v1/evaluations").then().statusCode(200).header("X-Request-ID", "req-2");
        given().header("X-Request-ID", "req-3").contentType(ContentType.JSON).body("{}").post("/access/v1/evaluation")
                .then().statusCode(400).header("X-Request-ID", "req-3");
        given().header("X-Request-ID", "req-4").get("/.well-known/authzen-configuration")
                .then().statusCode(200).header("X-Request-ID", "req-4");
        Tokens.actAsNobody();
        try {
            given().header("X-Request-ID", "req-5").contentType(ContentType.JSON)
                    .body(evaluation("inventory", "handle", id(), "ReserveInventory")).post("/access/v1/evaluation")
                    .then().statusCode(401).header("X-Request-ID", "req-5");
        } finally {
            Tokens.actAsTester();
        }
        post("/access/v1/evaluation", evaluation("inventory", "handle", id(), "ReserveInventory")).then().statusCode(200)
                .header("X-Request-ID", nullValue());
        given().header("X-Request-ID", "req-6").get("/v1/version").then().statusCode(200).header("X-Request-ID", nullValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no subject         | {\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"}}                              | subject",
            "no action          | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"}}                    | action",
            "no resource        | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{\"name\":\"handle\"}}                                    | resource",
            "no subject id      | {\"subject\":{\"type\":\"bc\"},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"}} | subject.id",
            "no subject type    | {\"subject\":{\"id\":\"x\"},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"}}   | subject.type",
            "no action name     | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{},\"resource\":{\"type\":\"command\",\"id\":\"c\"}}      | action.name",
            "no resource id     | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\"}} | resource.id",
            "subject not object | {\"subject\":\"x\",\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"}}             | subject",
            "id not a string    | {\"subject\":{\"type\":\"bc\",\"id\":7},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"}} | subject.id",
            "no command type    | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"}} | resource.properties.type",
            "market not text    | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\",\"properties\":{\"type\":\"PlaceOrder\",\"market\":42}}} | resource.properties.market",
            "properties a list  | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\",\"properties\":[]}} | resource.properties",
            "context not object | {\"subject\":{\"type\":\"bc\",\"id\":\"x\"},\"action\":{\"name\":\"handle\"},\"resource\":{\"type\":\"command\",\"id\":\"c\"},\"context\":1} | context"})
    void aMalformedEvaluationIs400NamingTheField(String name, String body, String field) {
        post("/access/v1/evaluation", body).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }

    @Test
    void aBodyThatIsNotAJsonObjectIs400AndOneWithoutContentTypeIs415() {
        post("/access/v1/evaluation", "{not json").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
        post("/access/v1/evaluation", "[1,2]").then().statusCode(400).body("detail", containsString("JSON object"));
        post("/access/v1/evaluations", "").then().statusCode(400).body("detail", containsString("empty"));
        given().body(evaluation("inventory", "handle", id(), "ReserveInventory")).post("/access/v1/evaluation")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void theBatchInheritsTheTopLevelDefaultsAndAnswersInRequestOrder() {
        String reserve = id();
        String order = id();
        String gap = id();
        Response r = post("/access/v1/evaluations", """
                {"subject":{"type":"bounded_context","id":"inventory"},"action":{"name":"handle"},
                 "resource":{"type":"command","id":"%s","properties":{"type":"ReserveInventory","market":"US"}},
                 "evaluations":[
                   {},
                   {"resource":{"type":"command","id":"%s","properties":{"type":"PlaceOrder","market":"US","channel":"web"}}},
                   {"subject":{"type":"bounded_context","id":"order-management"},
                    "resource":{"type":"command","id":"%s","properties":{"type":"PlaceOrder","market":"US","channel":"web"}}},
                   {"action":{"name":"delete"}},
                   {"resource":{"type":"command","id":"%s","properties":{"type":"UpdateOrderStatus"}}}
                 ]}""".formatted(reserve, order, order, gap));
        r.then().statusCode(200).contentType(ContentType.JSON)
                .body("evaluations.decision", contains(true, false, true, false, false))
                .body("evaluations[0].context.commandId", equalTo(reserve))
                .body("evaluations[1].context.owner", equalTo("order-management"))
                .body("evaluations[2].context.decisionId", equalTo(r.path("evaluations[1].context.decisionId")))
                .body("evaluations[3].context.reasons[0]", containsString("'delete'"))
                .body("evaluations[4].context.outcome", equalTo("NO_OWNER"))
                .body("$", not(hasKey("decision")));
        given().get("/v1/decisions/" + r.path("evaluations[0].context.decisionId")).then().statusCode(200)
                .body("input.commandId", equalTo(reserve));
    }

    @Test
    void aFailingItemIsDeniedWithItsErrorAndTheBatchGoesOn() {
        String conflicting = id();
        post("/access/v1/evaluation", evaluation("inventory", "handle", conflicting, "ReserveInventory")).then().statusCode(200);
        post("/access/v1/evaluations", """
                {"subject":{"type":"bounded_context","id":"inventory"},"action":{"name":"handle"},
                 "evaluations":[
                   {"resource":{"type":"command"}},
                   {"resource":{"type":"command","id":"%s","properties":{"type":"ReserveInventory","market":"US"}}},
                   {"resource":{"type":"command","id":"%s","properties":{"type":"ReserveInventory","market":42}}},
                   {"resource":{"type":"command","id":"%s","properties":{"type":"PlaceOrder","market":"US","channel":"web"}}},
                   "not an object",
                   {"subject":[]}
                 ]}""".formatted(id(), id(), conflicting)).then().statusCode(200)
                .body("evaluations.decision", contains(false, true, false, false, false, false))
                .body("evaluations[0].context.error.status", equalTo(400))
                .body("evaluations[0].context.error.message", containsString("resource.id"))
                .body("evaluations[1].context.owner", equalTo("inventory"))
                .body("evaluations[2].context.error.status", equalTo(400))
                .body("evaluations[2].context.error.message", containsString("resource.properties.market"))
                .body("evaluations[3].context.error.status", equalTo(409))
                .body("evaluations[4].context.error.status", equalTo(400))
                .body("evaluations[5].context.error.message", containsString("subject"));
    }

    @Test
    void denyOnFirstDenyStopsAfterTheFirstDeny() {
        String notEvaluated = id();
        post("/access/v1/evaluations", batch("deny_on_first_deny", "ReserveInventory", id(), "PlaceOrder", id(),
                "ReserveInventory", notEvaluated)).then().statusCode(200)
                .body("evaluations.decision", contains(true, false));
        given().get("/v1/decisions?commandId=" + notEvaluated).then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void permitOnFirstPermitStopsAfterTheFirstPermit() {
        String notEvaluated = id();
        post("/access/v1/evaluations", batch("permit_on_first_permit", "PlaceOrder", id(), "ReserveInventory", id(),
                "PlaceOrder", notEvaluated)).then().statusCode(200)
                .body("evaluations.decision", contains(false, true));
        given().get("/v1/decisions?commandId=" + notEvaluated).then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void executeAllIsTheDefaultAndEvaluatesEveryItem() {
        post("/access/v1/evaluations", batch("execute_all", "ReserveInventory", id(), "PlaceOrder", id(), "ReserveInventory", id()))
                .then().statusCode(200).body("evaluations.decision", contains(true, false, true));
        post("/access/v1/evaluations", batch(null, "PlaceOrder", id(), "ReserveInventory", id(), "PlaceOrder", id()))
                .then().statusCode(200).body("evaluations.decision", contains(false, true, false));
    }

    @Test
    void anUnknownSemanticIs400() {
        post("/access/v1/evaluations", batch("first_wins", "ReserveInventory", id())).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("options.evaluations_semantic"))
                .body("detail", containsString("deny_on_first_deny"));
    }

    @Test
    void aBatchWithoutItemsIsTheSingleEvaluationOfItsDefaults() {
        post("/access/v1/evaluations", evaluation("inventory", "handle", id(), "ReserveInventory")).then().statusCode(200)
                .body("decision", equalTo(true)).body("context.owner", equalTo("inventory"))
                .body("$", not(hasKey("evaluations")));
        post("/access/v1/evaluations", "{\"evaluations\":[]}").then().statusCode(400).body("errors[0].field", equalTo("subject"));
        post("/access/v1/evaluations", "{\"evaluations\":{}}").then().statusCode(400).body("errors[0].field", equalTo("evaluations"));
    }

    @Test
    void aBatchOverItsLimitsIsRefusedBeforeAnythingIsDecided() {
        String first = id();
        StringBuilder items = new StringBuilder(evaluation("inventory", "handle", first, "ReserveInventory"));
        for (int i = 0; i < 100; i++) {
            items.append(",{}");
        }
        post("/access/v1/evaluations", "{\"evaluations\":[" + items + "]}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("evaluations"))
                .body("detail", containsString("at most 100"));
        given().get("/v1/decisions?commandId=" + first).then().statusCode(200).body("items.size()", equalTo(0));
        String padding = "x".repeat(1024 * 1024);
        post("/access/v1/evaluations", "{\"padding\":\"" + padding + "\",\"evaluations\":[]}").then().statusCode(413)
                .contentType("application/problem+json");
        post("/access/v1/evaluation", "{\"padding\":\"" + padding.substring(0, 65536) + "\"}").then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("65536"));
    }

    @Test
    void aTenantBoundDeciderEvaluatesOnlyItsTenantsCommands() {
        String acme = tenantEvaluation("acme");
        Tokens.asTenant("gateway-acme", "acme", "decider").contentType(ContentType.JSON).body(acme).post("/access/v1/evaluation")
                .then().statusCode(200).body("decision", equalTo(true));
        Tokens.asTenant("gateway-acme", "acme", "decider").contentType(ContentType.JSON).body(tenantEvaluation("globex"))
                .post("/access/v1/evaluation").then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("tenant"));
        Tokens.asTenant("gateway-acme", "acme", "decider").contentType(ContentType.JSON)
                .body("{\"evaluations\":[" + tenantEvaluation("acme") + "," + tenantEvaluation("globex") + "]}")
                .post("/access/v1/evaluations").then().statusCode(200)
                .body("evaluations.decision", contains(true, false))
                .body("evaluations[1].context.error.status", equalTo(403));
    }

    @Test
    void onlyADeciderMayEvaluate() {
        Tokens.as("analyst-only", "analyst").contentType(ContentType.JSON)
                .body(evaluation("inventory", "handle", id(), "ReserveInventory")).post("/access/v1/evaluation")
                .then().statusCode(403).contentType("application/problem+json");
        Tokens.as("auditor-only", "auditor").contentType(ContentType.JSON)
                .body("{\"evaluations\":[" + evaluation("inventory", "handle", id(), "ReserveInventory") + "]}")
                .post("/access/v1/evaluations").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theConfigurationNamesTheEndpointsAsAbsoluteUrls() {
        Response r = given().get("/.well-known/authzen-configuration");
        r.then().statusCode(200).contentType(ContentType.JSON);
        String pdp = r.path("policy_decision_point");
        assertEquals(true, pdp.matches("http://[^/]+:\\d+"), pdp);
        r.then().body("access_evaluation_endpoint", equalTo(pdp + "/access/v1/evaluation"))
                .body("access_evaluations_endpoint", equalTo(pdp + "/access/v1/evaluations"));
        post(r.path("access_evaluation_endpoint").toString().substring(pdp.length()),
                evaluation("inventory", "handle", id(), "ReserveInventory")).then().statusCode(200);
    }

    private static String tenantEvaluation(String tenant) {
        return """
                {"subject":{"type":"bounded_context","id":"inventory"},"action":{"name":"handle"},
                 "resource":{"type":"command","id":"%s","properties":{"type":"ReserveInventory","tenant":"%s","market":"US"}}}"""
                .formatted(id(), tenant);
    }

    /** A batch asking, for inventory, about commands given as type, id pairs. */
    private static String batch(String semantic, String... typesAndIds) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < typesAndIds.length; i += 2) {
            items.append(i == 0 ? "" : ",").append("""
                    {"resource":{"type":"command","id":"%s","properties":{"type":"%s","market":"US","channel":"web"}}}"""
                    .formatted(typesAndIds[i + 1], typesAndIds[i]));
        }
        return """
                {"subject":{"type":"bounded_context","id":"inventory"},"action":{"name":"handle"},"evaluations":[%s]%s}"""
                .formatted(items, semantic == null ? "" : ",\"options\":{\"evaluations_semantic\":\"" + semantic + "\"}");
    }
}

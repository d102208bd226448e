package io.arbiter.api;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The OpenAPI document describes the bodies the endpoints read by hand: the multipart forms, and the decide request from the fact model. */
@QuarkusTest
class OpenApiTest {
    static final String REQUEST = "components.schemas.DecideRequestV1.";

    static Stream<String> sentFacts() {
        return FactModel.FIELDS.stream().filter(FactField::sent).map(FactField::name);
    }

    @Test
    void theUploadFormsAreDescribed() {
        var doc = given().accept("application/json").get("/q/openapi").then().statusCode(200);
        doc.body("paths.'/v1/rulesets'.post.requestBody.content.'multipart/form-data'.schema.'$ref'",
                        equalTo("#/components/schemas/RuleSetUploadV1"))
                .body("components.schemas.RuleSetUploadV1.properties.keySet()", hasItems("file", "base", "remove", "note"))
                .body("paths.'/v1/simulations'.post.requestBody.content.'multipart/form-data'.schema.'$ref'",
                        equalTo("#/components/schemas/HistoryUploadV1"))
                .body("components.schemas.HistoryUploadV1.properties.keySet()",
                        hasItems("history", "candidateRevision", "baseline", "examples"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentFacts")
    void theDecideRequestDescribesEachFactAsTheModelDeclaresIt(String name) {
        FactField field = FactModel.field(name);
        ValidatableResponse doc = openApi()
                .body("paths.'/v1/decide'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/DecideRequestV1"))
                .body(REQUEST + "properties." + name + ".description", equalTo(field.description()));
        if (field.sentAsText()) {
            doc.body(REQUEST + "properties." + name + ".maxLength", equalTo(field.maxLength()))
                    .body(REQUEST + "properties." + name + ".example", equalTo(field.example()));
        } else {
            doc.body(REQUEST + "properties." + name + ".maxLength", nullValue());
        }
    }

    @Test
    void theDecideRequestRequiresWhatTheModelRequiresAndSaysTraceFieldsAreNotTested() {
        ValidatableResponse doc = openApi().body(REQUEST + "required",
                equalTo(FactModel.SENT_TEXT.stream().filter(FactField::required).map(FactField::name).toList()));
        for (String trace : FactModel.TRACE_FIELDS) {
            doc.body(REQUEST + "properties." + trace + ".description", containsString("not tested by rules"));
        }
    }

    @Test
    void theGatewayAdapterDescribesOneHeaderPerDecideRequestFieldRequiredAsTheModelSaysAndItsAnswerHeaders() {
        String get = "paths.'/v1/decide/gateway'.get.";
        openApi().body(get + "parameters.findAll { it.in == 'header' }.name", equalTo(List.copyOf(GatewayHeaders.HEADERS.values())))
                .body(get + "parameters.findAll { it.required }.name", equalTo(FactModel.SENT_TEXT.stream().filter(FactField::required)
                        .map(f -> GatewayHeaders.HEADERS.get(f.name())).toList()))
                .body(get + "responses.'200'.headers.keySet()", hasItems(GatewayAnswer.DESTINATION, GatewayAnswer.DECISION_ID,
                        GatewayAnswer.OUTCOME, GatewayAnswer.REVISION, GatewayAnswer.MODE))
                .body(get + "responses.keySet()", hasItems("200", "403", "400"))
                .body("paths.'/v1/decide/gateway'.post.summary", notNullValue());
    }

    @Test
    void theEvaluateEndpointTakesTheDecideRequestAndAnswersWithTheMatchedRows() {
        String evaluate = "paths.'/v1/rulesets/{revision}/evaluate'.post.";
        openApi().body(evaluate + "requestBody.content.'application/json'.schema.'$ref'", equalTo("#/components/schemas/DecideRequestV1"))
                .body(evaluate + "parameters.name", hasItems("revision", "at"))
                .body(evaluate + "responses.'200'.content.'application/json'.schema.'$ref'", equalTo("#/components/schemas/EvaluationV1"))
                .body("components.schemas.EvaluationV1.properties.keySet()", hasItems("revision", "evaluatedAt", "bucket",
                        "outcome", "owner", "matchedRules", "reasons", "matchedRows"))
                .body("components.schemas.MatchedRowV1.properties.keySet()", hasItems("file", "sheet", "table", "row", "rule"));
    }

    private static ValidatableResponse openApi() {
        return given().accept("application/json").get("/q/openapi").then().statusCode(200);
    }
}

package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** The OpenAPI document describes the multipart forms the endpoints read by hand. */
@QuarkusTest
class OpenApiTest {
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
}

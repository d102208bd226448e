package io.arbiter.api;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** {@code GET /v1/fact-model}: the fields the "Try it" form asks for, exactly as the FactModel declares them. */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class FactModelApiTest {

    @Test
    void listsEveryFieldInTheGuidesOrder() {
        Tokens.as("ann", "analyst").get("/v1/fact-model").then().statusCode(200).contentType("application/json")
                .body("fields.name", equalTo(FactModel.FIELDS.stream().map(FactField::name).toList()));
    }

    @Test
    void sentTextCarriesItsLimitAndWhetherItIsRequired() {
        Tokens.as("ann", "analyst").get("/v1/fact-model").then().statusCode(200)
                .body("fields.find { it.name == 'commandId' }.type", equalTo("TEXT"))
                .body("fields.find { it.name == 'commandId' }.required", equalTo(true))
                .body("fields.find { it.name == 'commandId' }.sent", equalTo(true))
                .body("fields.find { it.name == 'commandId' }.maxLength", equalTo(FactModel.IDENTIFIER_LENGTH))
                .body("fields.find { it.name == 'market' }.required", equalTo(false))
                .body("fields.find { it.name == 'market' }.example", equalTo("EU"))
                .body("fields.find { it.name == 'market' }.description", equalTo(FactModel.MARKET.description()));
    }

    @Test
    void theBucketIsWorkedOutNotSentAndAttributesHaveNoLengthOfTheirOwn() {
        Tokens.as("eve", "engineer").get("/v1/fact-model").then().statusCode(200)
                .body("fields.find { it.name == 'bucket' }.type", equalTo("NUMBER"))
                .body("fields.find { it.name == 'bucket' }.sent", equalTo(false))
                .body("fields.find { it.name == 'bucket' }.maxLength", nullValue())
                .body("fields.find { it.name == 'attributes' }.type", equalTo("ATTRIBUTES"))
                .body("fields.find { it.name == 'attributes' }.sent", equalTo(true))
                .body("fields.find { it.name == 'attributes' }.maxLength", nullValue());
    }

    @Test
    void requiredFieldsAreThoseADecideRequestCannotGoWithout() {
        Tokens.as("abe", "approver").get("/v1/fact-model").then().statusCode(200)
                .body("fields.findAll { it.required }.name", equalTo(List.of("commandId", "type")));
    }

    @Test
    void anUnknownQueryParameterIs400NamingIt() {
        Tokens.as("ann", "analyst").get("/v1/fact-model?lang=de").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("lang"));
    }

    @Test
    void anAuditorOrNoTokenIsRefused() {
        Tokens.as("audrey", "auditor").get("/v1/fact-model").then().statusCode(403).contentType("application/problem+json");
        given().get("/v1/fact-model").then().statusCode(401).contentType("application/problem+json");
    }
}

package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code /v1/decide/gateway}: the envelope from {@code X-Command-*} request headers, the route in
 * {@code X-Arbiter-*} response headers, a decision recorded as {@code /v1/decide} records it. Commands
 * here do not depend on signal state: ReserveInventory (inventory), US orders (order management,
 * legacy), UpdateOrderStatus (nobody).
 */
@QuarkusTest
class GatewayDecideApiTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    static RequestSpecification command(String commandId, String type) {
        return given().header("X-Command-Id", commandId).header("X-Command-Type", type);
    }

    static String id() {
        return "gw-" + UUID.randomUUID();
    }

    @Test
    void aRoutedCommandIsAnsweredInHeadersAndRecordedWithEveryHeaderItCameWith() {
        String commandId = id();
        Response r = command(commandId, "ReserveInventory").header("X-Command-Business-Key", "sku-9")
                .header("X-Command-Tenant", "acme").header("X-Command-Market", "US").header("X-Command-Channel", "web")
                .header("X-Command-Product", "shoes").header("X-Command-Customer-Tier", "gold").header("X-Command-Cohort", "c1")
                .header("X-Command-Attributes", "dataResidency=EU&note=two+words%21")
                .header("X-Command-Correlation-Id", "corr-gw").header("X-Command-Causation-Id", "cause-gw")
                .header("X-Command-Issued-At", "2026-11-22T10:00:00Z")
                .get("/v1/decide/gateway");
        r.then().statusCode(200).contentType("application/json")
                .header("X-Arbiter-Outcome", "ROUTED").header("X-Arbiter-Owner", "inventory")
                .header("X-Arbiter-Destination", r.header("X-Arbiter-Implementation") == null ? "inventory"
                        : "inventory/" + r.header("X-Arbiter-Implementation"))
                .header("X-Arbiter-Mode", notNullValue()).header("X-Arbiter-Replayed", nullValue())
                .header("X-Arbiter-Revision", String.valueOf(RuleSetApiTest.active()))
                .body("commandId", equalTo(commandId)).body("owner", equalTo("inventory"));
        String decisionId = r.header("X-Arbiter-Decision-Id");
        assertEquals(decisionId, r.path("decisionId"));
        assertEquals(r.path("mode"), r.header("X-Arbiter-Mode"));

        Response record = given().get("/v1/decisions/" + decisionId);
        record.then().statusCode(200).body("input.commandId", equalTo(commandId)).body("input.type", equalTo("ReserveInventory"))
                .body("input.businessKey", equalTo("sku-9")).body("input.tenant", equalTo("acme")).body("input.market", equalTo("US"))
                .body("input.channel", equalTo("web")).body("input.product", equalTo("shoes")).body("input.customerTier", equalTo("gold"))
                .body("input.cohort", equalTo("c1")).body("input.correlationId", equalTo("corr-gw"))
                .body("input.causationId", equalTo("cause-gw")).body("input.issuedAt", equalTo("2026-11-22T10:00:00Z"));
        assertEquals(Map.of("dataResidency", "EU", "note", "two words!"), record.jsonPath().getMap("input.attributes"));
        assertEquals(r.jsonPath().getMap("$"), record.jsonPath().getMap("result"));
    }

    @Test
    void theDestinationHeaderIsOwnerSlashImplementationTheKeyAGatewayMapsToAnUpstream() {
        command(id(), "PlaceOrder").header("X-Command-Market", "US").header("X-Command-Channel", "web").get("/v1/decide/gateway")
                .then().statusCode(200).header("X-Arbiter-Owner", "order-management").header("X-Arbiter-Implementation", "legacy")
                .header("X-Arbiter-Destination", "order-management/legacy").header("X-Arbiter-Mode", "DIRECT");
    }

    @Test
    void aPostAsNginxAuthRequestSendsItIsDecidedTheSameAndItsBodyIgnored() {
        String commandId = id();
        Response r = command(commandId, "ReserveInventory").contentType("application/json").body("{\"not\":\"read\"}")
                .post("/v1/decide/gateway");
        r.then().statusCode(200).header("X-Arbiter-Outcome", "ROUTED").header("X-Arbiter-Owner", "inventory");
        given().get("/v1/decisions/" + r.header("X-Arbiter-Decision-Id")).then().statusCode(200)
                .body("input.commandId", equalTo(commandId)).body("input.attributes", equalTo(Map.of()));
        command(id(), "ReserveInventory").post("/v1/decide/gateway").then().statusCode(200).header("X-Arbiter-Outcome", "ROUTED");
    }

    @Test
    void aCheckAtThePathPrefixFollowedByTheClientsPathAsEnvoyAsksIsDecidedTheSame() {
        command(id(), "ReserveInventory").post("/v1/decide/gateway/commands/orders").then().statusCode(200)
                .header("X-Arbiter-Outcome", "ROUTED").header("X-Arbiter-Owner", "inventory");
        command(id(), "UpdateOrderStatus").get("/v1/decide/gateway/commands/orders/7").then().statusCode(403)
                .header("X-Arbiter-Outcome", "NO_OWNER");
    }

    @Test
    void aCommandNobodyOwnsIsDeniedWithAProblemCarryingTheRecordedDecision() {
        Response r = command(id(), "UpdateOrderStatus").get("/v1/decide/gateway");
        r.then().statusCode(403).contentType("application/problem+json")
                .header("X-Arbiter-Outcome", "NO_OWNER").header("X-Arbiter-Owner", nullValue())
                .header("X-Arbiter-Destination", nullValue()).header("X-Arbiter-Revision", notNullValue())
                .body("title", equalTo("No owner")).body("status", equalTo(403)).body("outcome", equalTo("NO_OWNER"))
                .body("decisionId", equalTo(r.header("X-Arbiter-Decision-Id")))
                .body("detail", containsString(r.header("X-Arbiter-Decision-Id"))).body("reasons", notNullValue());
        given().get("/v1/decisions/" + r.header("X-Arbiter-Decision-Id")).then().statusCode(200)
                .body("result.outcome", equalTo("NO_OWNER"));
    }

    @Test
    void anAmbiguousCommandIsDeniedNamingBothOwnersAndCanBeDecidedAgainstAPinnedRevision() {
        int draft = RuleSetApiTest.uploadCsv("50-checkout.drl.csv", RuleSetApiTest.CHECKOUT_OWNS_ORDERS);
        Response r = command(id(), "PlaceOrder").queryParam("revision", draft).get("/v1/decide/gateway");
        r.then().statusCode(403).contentType("application/problem+json")
                .header("X-Arbiter-Outcome", "AMBIGUOUS").header("X-Arbiter-Revision", String.valueOf(draft))
                .body("title", equalTo("Ambiguous owner")).body("revision", equalTo(draft))
                .body("reasons", hasItem(containsString("'checkout'")));
        given().get("/v1/decisions/" + r.header("X-Arbiter-Decision-Id")).then().statusCode(200)
                .body("revision", equalTo(draft)).body("result.outcome", equalTo("AMBIGUOUS"));
    }

    @Test
    void aRetriedCommandIdIsAnsweredWithItsFirstDecisionMarkedReplayedAndAnotherEnvelopeIsAConflict() {
        String commandId = id();
        String first = command(commandId, "ReserveInventory").get("/v1/decide/gateway").then().statusCode(200)
                .extract().header("X-Arbiter-Decision-Id");
        command(commandId, "ReserveInventory").get("/v1/decide/gateway").then().statusCode(200)
                .header("X-Arbiter-Decision-Id", first).header("X-Arbiter-Replayed", "true");
        command(commandId, "ReserveInventory").header("X-Command-Market", "US").get("/v1/decide/gateway").then().statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("X-Command-Market"))
                .body("detail", containsString("X-Command-Market"));
    }

    @Test
    void missingRequiredHeadersAreABadRequestNamingEachHeader() {
        given().get("/v1/decide/gateway").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("X-Command-Id", "X-Command-Type"))
                .body("detail", equalTo("X-Command-Id: is required; X-Command-Type: is required"));
        given().header("X-Command-Id", id()).header("X-Command-Type", "").get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Command-Type"));
    }

    @Test
    void headersThatAreTooLongSentTwiceNotUtf8OrMalformedAreABadRequestNamingTheHeader() {
        command(id(), "PlaceOrder").header("X-Command-Market", "M".repeat(129)).get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Command-Market")).body("errors[0].message", containsString("longer than 128"));
        command(id(), "PlaceOrder").header("X-Command-Market", "EU").header("X-Command-Market", "US").get("/v1/decide/gateway")
                .then().statusCode(400).body("errors[0].field", equalTo("X-Command-Market"))
                .body("errors[0].message", containsString("more than once"));
        // Header bytes go over the wire one per char: "\u00e9" alone is the byte E9, not UTF-8.
        command(id(), "PlaceOrder").header("X-Command-Channel", "caf\u00e9").get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Command-Channel")).body("errors[0].message", equalTo("is not UTF-8 text"));
        command(id(), "PlaceOrder").header("X-Command-Issued-At", "yesterday").get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Command-Issued-At"));
        command(id(), "PlaceOrder").header("X-Command-Attributes", "novalue").get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Command-Attributes"));
        command(id(), "PlaceOrder").header("X-Command-Attributes", "a=%zz").get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Command-Attributes"));
        command(id(), "PlaceOrder").header("X-Command-Attributes", "a=1&a=2").get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Command-Attributes.a"));
        command(id(), "PlaceOrder").header("X-Command-Attributes", "a=" + "v".repeat(1025)).get("/v1/decide/gateway").then()
                .statusCode(400).body("errors[0].field", equalTo("X-Command-Attributes.a"));
    }

    @Test
    void utf8HeaderValuesAreReadAsTheTextTheyEncode() {
        String utf8AsWireChars = new String("café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        Response r = command(id(), "ReserveInventory").header("X-Command-Channel", utf8AsWireChars).get("/v1/decide/gateway");
        r.then().statusCode(200);
        given().get("/v1/decisions/" + r.header("X-Arbiter-Decision-Id")).then().body("input.channel", equalTo("café"));
    }

    @Test
    void aPinnedRevisionThatDoesNotExistIs422AndAMalformedOne400() {
        command(id(), "ReserveInventory").queryParam("revision", "999999").get("/v1/decide/gateway").then().statusCode(422)
                .body("errors[0].field", equalTo("revision"));
        command(id(), "ReserveInventory").queryParam("revision", "latest").get("/v1/decide/gateway").then().statusCode(400)
                .body("errors[0].field", equalTo("revision"));
    }

    @Test
    void headerValuesOutsideVisibleAsciiArePercentEncoded() {
        assertEquals("order-management/new", GatewayAnswer.token("order-management/new"));
        assertEquals("caf%C3%A9%20desk%25%22%5C", GatewayAnswer.token("café desk%\"\\"));
    }
}

package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A simulation's {@code signals}: "what if the fulfillment planner had been backlogged?" — every
 * decision replayed with the assumed value instead of the one it recorded, stored with the source
 * and reported; a signal nobody declared, or a value of the wrong type, refused naming it.
 */
@QuarkusTest
class SimulationWhatIfApiTest {

    /** {@code n} EU web orders in the 20 % rollout (bucket 8), decided on healthy signals: each goes to the new orchestrator. */
    static String decideEuWebOrders(int n) {
        PushedSignals.healthy();
        String correlation = "what-if-" + UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            DecideApiTest.decide("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"PlaceOrder\",\"businessKey\":\"order-1007\","
                    + "\"market\":\"EU\",\"channel\":\"web\",\"correlationId\":\"" + correlation + "\"}").then().statusCode(200)
                    .body("implementation", equalTo("new"));
        }
        return correlation;
    }

    static io.restassured.response.Response simulate(String correlation, String signals) {
        return given().contentType(ContentType.JSON).body("{\"candidateRevision\":" + RuleSetApiTest.active()
                + ",\"source\":{\"auditLog\":{\"correlationId\":\"" + correlation + "\"}},\"signals\":" + signals + "}")
                .post("/v1/simulations");
    }

    @Test
    void theActiveRevisionReplaysItsOwnDecisionsUnchangedAndAWhatIfMovesThemSayingWhatItAssumed() {
        String correlation = decideEuWebOrders(6);
        JsonPath self = Simulations.awaitFinished(simulate(correlation, "{}").then().statusCode(202).extract().path("id"));
        assertEquals("COMPLETED", self.getString("status"), self.prettify());
        assertEquals(6, self.getInt("report.replayed"));
        assertEquals(0, self.getInt("report.changed"), "replayed with the signals each decision recorded");
        assertEquals(null, (Object) self.get("report.assumedSignals"));

        String id = simulate(correlation, "{\"fulfillment-planner.backlogged\": true}").then().statusCode(202)
                .body("source.signals.'fulfillment-planner.backlogged'", equalTo(true)).extract().path("id");
        JsonPath whatIf = Simulations.awaitFinished(id);
        assertEquals("COMPLETED", whatIf.getString("status"), whatIf.prettify());
        assertEquals(6, whatIf.getInt("report.changed"), "every order would have stayed on legacy");
        assertEquals(0, whatIf.getInt("report.noise"), "the what-if at work is not noise");
        assertEquals(Map.of("fulfillment-planner.backlogged", "true"), whatIf.getMap("report.assumedSignals"));
    }

    @Test
    void aWhatIfOnASignalNobodyDeclaredIsRefusedNamingIt() {
        simulate("none", "{\"planner.mood\": 3}").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("signals.planner.mood"))
                .body("detail", containsString("No signal named 'planner.mood' is declared"));
    }

    @Test
    void aWhatIfValueOfTheWrongTypeIsRefusedNamingTheSignal() {
        simulate("none", "{\"inventory-confidence.EU\": \"SKY-HIGH\"}").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("signals.inventory-confidence.EU"))
                .body("detail", containsString("takes one of LOW, MEDIUM, HIGH"));
        simulate("none", "[1]").then().statusCode(400).body("errors[0].field", equalTo("signals"));
    }
}

package io.arbiter.api;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers for decisions to replay and simulations to wait for. */
public final class Simulations {
    private Simulations() {
    }

    /** Decides {@code n} ArchiveOrder commands sharing one new correlation id (a window no other test touches); returns it. */
    static String decideArchiveOrders(int n) {
        String correlation = "sim-" + UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            DecideApiTest.decide("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"ArchiveOrder\",\"market\":\"DE\","
                    + "\"correlationId\":\"" + correlation + "\"}").then().statusCode(200);
        }
        return correlation;
    }

    /** Submits a simulation of {@code candidate} over the decisions with {@code correlation}; returns its id. */
    static String simulate(int candidate, String correlation, Integer last) {
        String body = "{\"candidateRevision\":" + candidate + ",\"source\":{\"auditLog\":{\"correlationId\":\"" + correlation
                + "\"" + (last == null ? "" : ",\"last\":" + last) + "}}}";
        return given().contentType(ContentType.JSON).body(body).post("/v1/simulations")
                .then().statusCode(202).extract().path("id");
    }

    /** Polls until the simulation has finished (COMPLETED, FAILED or CANCELLED) and returns it. */
    public static JsonPath awaitFinished(String id) {
        return awaitFinished(RestAssured::given, id);
    }

    /** {@link #awaitFinished(String)}, asking as {@code caller} (a fresh request each time). */
    public static JsonPath awaitFinished(Supplier<RequestSpecification> caller, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            JsonPath s = caller.get().get("/v1/simulations/" + id).then().statusCode(200).extract().jsonPath();
            if (List.of("COMPLETED", "FAILED", "CANCELLED").contains(s.getString("status"))) {
                return s;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("simulation " + id + " did not finish within 90 s");
        return null;
    }
}

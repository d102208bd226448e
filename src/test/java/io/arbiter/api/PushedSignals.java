package io.arbiter.api;

import io.restassured.http.ContentType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Pushes signals for API and browser tests, as a monitoring job would ({@code signal-writer}).
 * The bundled adaptive policy ({@code 25-adaptive-fulfilment.drl.csv}) keeps EU web orders on the
 * legacy OMS unless inventory confidence is HIGH and the fulfillment planner is not backlogged, both
 * fresh: a test deciding such an order for the new orchestrator pushes {@link #healthy()} first.
 */
public final class PushedSignals {
    private PushedSignals() {
    }

    /** Inventory confidence HIGH and planner lag 0 (its latch not backlogged), observed now. */
    public static void healthy() {
        push("inventory-confidence.EU", "\"HIGH\"");
        push("fulfillment-planner.lag", "0");
    }

    /** Pushes {@code jsonValue} (a JSON number, boolean or string) for {@code name}, observed now. */
    public static void push(String name, String jsonValue) {
        Tokens.as("monitoring-job", "signal-writer").contentType(ContentType.JSON)
                .body("{\"value\":" + jsonValue + ",\"observedAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}")
                .put("/v1/signals/" + name).then().statusCode(200);
    }
}

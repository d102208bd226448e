package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushed signals ({@code PUT /v1/signals/{name}}): the declared signals of the test profile are the
 * bundled {@code fulfillment-planner.lag} (NUMBER, 2m), {@code inventory-confidence.EU} (LEVEL
 * LOW/MEDIUM/HIGH, 15m), {@code payments.up} (BOOLEAN, 30s; SecurityApiTest pushes it too),
 * {@code stale.on.arrival} and {@code pushed.elsewhere} (BOOLEAN, 30s) and {@code never.pushed}
 * (NUMBER, 1m), which no test pushes; {@code stock.confidence} (LEVEL LOW/MEDIUM/HIGH, 15m), which only
 * this class pushes (tests deciding EU web orders push the bundled {@code inventory-confidence.EU}); {@code pushed.load} and {@code relayed.load} (NUMBER, 5m) with
 * their latches {@code pushed.load.high} (true above 100, false below 10, dwell 30s) and
 * {@code relayed.load.high} (the same, no dwell), and the bundled latch
 * {@code fulfillment-planner.backlogged}.
 */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class SignalApiTest {
    static RequestSpecification pusher() {
        return Tokens.as("monitoring-job", "signal-writer");
    }

    static String body(String value, Instant observedAt) {
        return "{\"value\":" + value + ",\"observedAt\":\"" + observedAt + "\"}";
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Test
    void aPushedValueIsTheSignalsValueUntilItsMaxAgePassesAndEveryDeclaredSignalIsListed() {
        Instant observed = now().minusSeconds(10);
        // A signal no other test pushes: the board keeps the newest observation, and other tests push "now".
        pusher().contentType(ContentType.JSON).body(body("4200", observed)).put("/v1/signals/pushed.number")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("name", equalTo("pushed.number")).body("type", equalTo("NUMBER")).body("maxAge", equalTo("PT2M"))
                .body("value", equalTo(4200)).body("observedAt", equalTo(observed.toString())).body("stale", equalTo(false))
                .body("source", equalTo("push")).body("ageSeconds", greaterThan(9.0f)).body("ageSeconds", lessThan(60.0f));
        Tokens.as("ann", "analyst").get("/v1/signals").then().statusCode(200)
                .body("name", hasItems("fulfillment-planner.lag", "inventory-confidence.EU", "payments.up", "pushed.number"))
                .body("find { it.name == 'pushed.number' }.value", equalTo(4200))
                .body("find { it.name == 'inventory-confidence.EU' }.levels", equalTo(java.util.List.of("LOW", "MEDIUM", "HIGH")));

        // Observed longer ago than its contract allows: held, and stale from the start.
        pusher().contentType(ContentType.JSON).body(body("false", now().minusSeconds(31))).put("/v1/signals/stale.on.arrival")
                .then().statusCode(200).body("value", equalTo(false)).body("stale", equalTo(true));
    }

    @Test
    void aSignalNeverObservedIsListedWithoutAValueAndStale() {
        Tokens.as("ann", "analyst").get("/v1/signals/never.pushed").then().statusCode(200)
                .body("type", equalTo("NUMBER")).body("maxAge", equalTo("PT1M")).body("levels", equalTo(java.util.List.of()))
                .body("value", nullValue()).body("observedAt", nullValue()).body("ageSeconds", nullValue())
                .body("stale", equalTo(true)).body("source", nullValue());
    }

    @Test
    void aLateObservationIsRecordedButDoesNotTurnTheSignalBackAndTheChangeTimeKeepsToRealChanges() {
        Instant t0 = now().minusSeconds(60);
        pusher().contentType(ContentType.JSON).body(body("\"MEDIUM\"", t0)).put("/v1/signals/stock.confidence").then().statusCode(200);
        pusher().contentType(ContentType.JSON).body(body("\"HIGH\"", t0.plusSeconds(20))).put("/v1/signals/stock.confidence")
                .then().statusCode(200).body("value", equalTo("HIGH")).body("changedAt", equalTo(t0.plusSeconds(20).toString()));
        // The same value again: newer, but no change.
        pusher().contentType(ContentType.JSON).body(body("\"HIGH\"", t0.plusSeconds(40))).put("/v1/signals/stock.confidence")
                .then().statusCode(200).body("observedAt", equalTo(t0.plusSeconds(40).toString()))
                .body("changedAt", equalTo(t0.plusSeconds(20).toString()));
        // Older than what is held: answered with the newer value.
        pusher().contentType(ContentType.JSON).body(body("\"LOW\"", t0.plusSeconds(10))).put("/v1/signals/stock.confidence")
                .then().statusCode(200).body("value", equalTo("HIGH")).body("observedAt", equalTo(t0.plusSeconds(40).toString()));

        Tokens.as("audrey", "auditor").get("/v1/signals/stock.confidence/pushes?limit=2").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].value", equalTo("LOW")).body("items[0].applied", equalTo(false))
                .body("items[0].pushedBy", equalTo("monitoring-job")).body("items[0].observedAt", equalTo(t0.plusSeconds(10).toString()))
                .body("items[0].receivedAt", notNullValue())
                .body("items[1].value", equalTo("HIGH")).body("items[1].applied", equalTo(true))
                .body("nextCursor", notNullValue());
        String next = Tokens.as("audrey", "auditor").get("/v1/signals/stock.confidence/pushes?limit=2")
                .then().extract().path("nextCursor");
        Tokens.as("audrey", "auditor").get("/v1/signals/stock.confidence/pushes?limit=2&cursor=" + next).then().statusCode(200)
                .body("items[0].value", equalTo("HIGH")).body("items[0].observedAt", equalTo(t0.plusSeconds(20).toString()))
                .body("items[1].value", equalTo("MEDIUM"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a string for a number  | fulfillment-planner.lag | {\"value\":\"4200\",\"observedAt\":\"2026-01-01T00:00:00Z\"} | value      | takes a number",
            "a level not declared   | inventory-confidence.EU | {\"value\":\"VERY_HIGH\",\"observedAt\":\"2026-01-01T00:00:00Z\"} | value | one of LOW, MEDIUM, HIGH",
            "a number for a boolean | payments.up             | {\"value\":1,\"observedAt\":\"2026-01-01T00:00:00Z\"}      | value      | true or false",
            "no value               | payments.up             | {\"observedAt\":\"2026-01-01T00:00:00Z\"}                  | value      | A value is required",
            "an object              | fulfillment-planner.lag | {\"value\":{\"n\":1},\"observedAt\":\"2026-01-01T00:00:00Z\"} | value  | takes a number",
            "no observedAt          | payments.up             | {\"value\":true}                                           | observedAt | is required",
            "observedAt not a time  | payments.up             | {\"value\":true,\"observedAt\":\"yesterday\"}              | observedAt | observedAt",
            "observedAt in a year   | payments.up             | {\"value\":true,\"observedAt\":\"2999-01-01T00:00:00Z\"}    | observedAt | lies in the future",
            "an unknown field       | payments.up             | {\"value\":true,\"observedAt\":\"2026-01-01T00:00:00Z\",\"source\":\"x\"} | source | source",
    })
    void aPushThatDoesNotFitItsDeclarationIsRefusedNamingTheField(String what, String signal, String json, String field, String says) {
        pusher().contentType(ContentType.JSON).body(json).put("/v1/signals/" + signal).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field)).body("detail", containsString(says));
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aValuePushedThroughAnotherReplicaReachesThisOneWithinTheRefresh() throws Exception {
        Instant observed = now().minusSeconds(5);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO signal_latest (name, value, observed_at, source, changed_at) VALUES ('never.pushed.elsewhere', '7', ?, 'push', ?)"
                        + " ON CONFLICT (name) DO NOTHING")) {
            // A row of a signal this replica does not declare is left alone by the refresh.
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(observed, java.time.ZoneOffset.UTC));
            ps.setObject(2, java.time.OffsetDateTime.ofInstant(observed, java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO signal_latest (name, value, observed_at, source, changed_at) VALUES ('pushed.elsewhere', 'true', ?, 'push', ?)"
                        + " ON CONFLICT (name) DO UPDATE SET value = 'true', observed_at = EXCLUDED.observed_at")) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(observed, java.time.ZoneOffset.UTC));
            ps.setObject(2, java.time.OffsetDateTime.ofInstant(observed, java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Boolean.TRUE.equals(Tokens.as("ann", "analyst").get("/v1/signals/pushed.elsewhere").then().extract().path("value"))
                || !observed.toString().equals(Tokens.as("ann", "analyst").get("/v1/signals/pushed.elsewhere").then().extract().path("observedAt"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the other replica's push did not arrive within 10 s (refresh 1 s)");
            }
            Thread.sleep(100);
        }
        Tokens.as("ann", "analyst").get("/v1/signals").then().body("name", not(hasItem("never.pushed.elsewhere")));
    }

    @Test
    void anUndeclaredSignalIsNotFoundAndNamesTheDeclaredOnes() {
        pusher().contentType(ContentType.JSON).body(body("1", now())).put("/v1/signals/warehouse.lag").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("No signal named 'warehouse.lag' is declared"))
                .body("detail", containsString("fulfillment-planner.lag"));
        Tokens.as("ann", "analyst").get("/v1/signals/warehouse.lag").then().statusCode(404);
        Tokens.as("audrey", "auditor").get("/v1/signals/warehouse.lag/pushes").then().statusCode(404);
    }

    @Test
    void aPushIsJsonAndATenantBoundWriterMayNotPush() {
        pusher().contentType(ContentType.TEXT).body(body("1", now())).put("/v1/signals/fulfillment-planner.lag").then().statusCode(415);
        Tokens.asTenant("acme-monitor", "acme", "signal-writer").contentType(ContentType.JSON).body(body("1", now()))
                .put("/v1/signals/fulfillment-planner.lag").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("every tenant"));
    }

    @Test
    void pushesArePagedWithinLimits() {
        Tokens.as("audrey", "auditor").get("/v1/signals/payments.up/pushes?limit=0").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        Tokens.as("audrey", "auditor").get("/v1/signals/payments.up/pushes?cursor=abc").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        Tokens.as("audrey", "auditor").get("/v1/signals/payments.up/pushes?limit=1000").then().statusCode(200)
                .body("nextCursor", nullValue());
    }

    static String value(String name) {
        return String.valueOf((Object) Tokens.as("ann", "analyst").get("/v1/signals/" + name).then().statusCode(200).extract().path("value"));
    }

    static double switches(String latch) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String line = "arbiter_signal_switches_total{signal=\"" + latch + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(line)).mapToDouble(l -> Double.parseDouble(l.substring(line.length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + line + "in /q/metrics"));
    }

    @Test
    void pushesToTheSourceDriveItsLatchThroughTheThresholdsAndTheDwell() throws Exception {
        // pushed.load.high: true above 100, false below 10, dwell 30 s.
        Instant t0 = now().minusSeconds(120);
        double before = switches("pushed.load.high");
        pusher().contentType(ContentType.JSON).body(body("50", t0)).put("/v1/signals/pushed.load").then().statusCode(200);
        Tokens.as("ann", "analyst").get("/v1/signals/pushed.load.high").then().statusCode(200)
                .body("type", equalTo("BOOLEAN")).body("value", equalTo(false)).body("observedAt", equalTo(t0.toString()))
                .body("changedAt", equalTo(t0.toString())).body("source", equalTo("hysteresis of pushed.load")).body("stale", equalTo(false));

        pusher().contentType(ContentType.JSON).body(body("150", t0.plusSeconds(10))).put("/v1/signals/pushed.load").then().statusCode(200);
        assertEquals("false", value("pushed.load.high"), "over 100 but 10 s into the dwell: held");
        pusher().contentType(ContentType.JSON).body(body("150", t0.plusSeconds(40))).put("/v1/signals/pushed.load").then().statusCode(200);
        Tokens.as("ann", "analyst").get("/v1/signals").then().statusCode(200)
                .body("find { it.name == 'pushed.load.high' }.value", equalTo(true))
                .body("find { it.name == 'pushed.load.high' }.changedAt", equalTo(t0.plusSeconds(40).toString()));
        pusher().contentType(ContentType.JSON).body(body("50", t0.plusSeconds(50))).put("/v1/signals/pushed.load").then().statusCode(200);
        assertEquals("true", value("pushed.load.high"), "between the thresholds: unchanged");
        pusher().contentType(ContentType.JSON).body(body("5", t0.plusSeconds(60))).put("/v1/signals/pushed.load").then().statusCode(200);
        assertEquals("true", value("pushed.load.high"), "under 10 but 20 s after the switch: held");
        // A late observation of the source moves neither it nor its latch.
        pusher().contentType(ContentType.JSON).body(body("5", t0.plusSeconds(45))).put("/v1/signals/pushed.load").then().statusCode(200);
        pusher().contentType(ContentType.JSON).body(body("5", t0.plusSeconds(70))).put("/v1/signals/pushed.load").then().statusCode(200);
        Tokens.as("ann", "analyst").get("/v1/signals/pushed.load.high").then().statusCode(200)
                .body("value", equalTo(false)).body("observedAt", equalTo(t0.plusSeconds(70).toString()))
                .body("changedAt", equalTo(t0.plusSeconds(70).toString()));
        assertEquals(before + 2, switches("pushed.load.high"), "one switch each way");

        // Kept in PostgreSQL, where the other replicas reload it.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT value, source, changed_at FROM signal_latest WHERE name = 'pushed.load.high'")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("false", rs.getString(1));
                assertEquals("hysteresis of pushed.load", rs.getString(2));
                assertEquals(t0.plusSeconds(70), rs.getObject(3, java.time.OffsetDateTime.class).toInstant());
            }
        }
    }

    @Test
    void aPushToALatchIsRefusedNamingTheSignalItIsDerivedFrom() {
        pusher().contentType(ContentType.JSON).body(body("true", now())).put("/v1/signals/pushed.load.high").then().statusCode(409)
                .contentType("application/problem+json").body("title", equalTo("Derived signal")).body("errors[0].field", equalTo("name"))
                .body("detail", containsString("derived from pushed.load"));
        pusher().contentType(ContentType.JSON).body(body("true", now())).put("/v1/signals/fulfillment-planner.backlogged").then().statusCode(409)
                .body("detail", containsString("derived from fulfillment-planner.lag (hysteresis: true above 5000, false below 1000, dwell PT1M)"));
    }

    @Test
    void aLatchMovedThroughAnotherReplicaReachesThisOneWithinTheRefreshAsItWasStored() throws Exception {
        // The other replica stored the source and its latch in one transaction; this one reloads both, and recomputes nothing:
        // from 50 the latch would be false, but the other replica had seen the source above 100 before.
        Instant observed = now().minusSeconds(5);
        Instant changed = observed.minusSeconds(30);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO signal_latest (name, value, observed_at, source, changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE"
                        + " SET value = EXCLUDED.value, observed_at = EXCLUDED.observed_at, source = EXCLUDED.source, changed_at = EXCLUDED.changed_at")) {
            insert(ps, "relayed.load", "50", observed, "push", observed);
            insert(ps, "relayed.load.high", "true", observed, "hysteresis of relayed.load", changed);
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (!"true".equals(value("relayed.load.high"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the other replica's latch did not arrive within 10 s (refresh 1 s)");
            }
            Thread.sleep(100);
        }
        Tokens.as("ann", "analyst").get("/v1/signals/relayed.load.high").then()
                .body("changedAt", equalTo(changed.toString())).body("observedAt", equalTo(observed.toString()))
                .body("source", equalTo("hysteresis of relayed.load"));
        assertEquals("50", value("relayed.load"));
    }

    static void insert(PreparedStatement ps, String name, String value, Instant observedAt, String source, Instant changedAt) throws Exception {
        ps.setString(1, name);
        ps.setString(2, value);
        ps.setObject(3, java.time.OffsetDateTime.ofInstant(observedAt, java.time.ZoneOffset.UTC));
        ps.setString(4, source);
        ps.setObject(5, java.time.OffsetDateTime.ofInstant(changedAt, java.time.ZoneOffset.UTC));
        ps.executeUpdate();
    }
}

package io.arbiter.ruleset;

import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalReading;
import io.arbiter.decision.SignalType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The signals {@code application.properties} declares for the bundled rule set, for tests that
 * compile outside the service ({@code SignalApiTest} checks the service declares the same).
 */
public final class TestSignals {
    public static final Map<String, SignalDeclaration> BUNDLED = Map.of(
            "fulfillment-planner.lag", new SignalDeclaration("fulfillment-planner.lag", SignalType.NUMBER, List.of(), Duration.ofMinutes(2)),
            "inventory-confidence.EU", new SignalDeclaration("inventory-confidence.EU", SignalType.LEVEL,
                    List.of("LOW", "MEDIUM", "HIGH"), Duration.ofMinutes(15)),
            "fulfillment-planner.backlogged", new SignalDeclaration("fulfillment-planner.backlogged", SignalType.BOOLEAN,
                    List.of(), Duration.ofMinutes(2)));

    /** Readings under which the bundled adaptive policy lets EU web orders through: fresh, HIGH, not backlogged. */
    public static Map<String, SignalReading> healthy(Instant at) {
        return Map.of(
                "inventory-confidence.EU", new SignalReading("inventory-confidence.EU", "HIGH", at.minusSeconds(30), false),
                "fulfillment-planner.backlogged", new SignalReading("fulfillment-planner.backlogged", false, at.minusSeconds(5), false));
    }

    private TestSignals() {
    }

    /** A compiler for tables testing the bundled signals. */
    public static RuleSetCompiler compiler() {
        return new RuleSetCompiler(BUNDLED);
    }
}

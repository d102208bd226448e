package io.arbiter.decision;

import java.util.Map;

/**
 * Every signal's latest observation at one moment, immutable: decide reads one snapshot for the
 * whole of a decision, and pollers and pushes replace it whole — never a half-updated view.
 */
public record SignalSnapshot(Map<String, Observation> observations) {
    public static final SignalSnapshot EMPTY = new SignalSnapshot(Map.of());

    public SignalSnapshot {
        observations = Map.copyOf(observations);
    }

    /** The signal's latest observation, or null when it was never observed. */
    public Observation get(String name) {
        return observations.get(name);
    }
}

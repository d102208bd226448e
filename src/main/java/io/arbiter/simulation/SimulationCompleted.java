package io.arbiter.simulation;

import java.util.UUID;

/** Fired (CDI event) when a stored simulation completes, so the release gate can promote its candidate. */
public record SimulationCompleted(UUID id, int candidateRevision) {
}

package io.arbiter.simulation;

import java.util.UUID;

/**
 * Fired (CDI event) when a stored simulation completes, so the release gate can promote its candidate.
 *
 * @param whatIf true when it replayed under assumed signals rather than the decisions' own
 */
public record SimulationCompleted(UUID id, int candidateRevision, Simulation.SourceKind sourceKind, long replayed, boolean whatIf) {
}

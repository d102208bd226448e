package io.arbiter.simulation;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Panache access to {@link SimulationEntity}, keyed by id. */
@ApplicationScoped
class SimulationRepository implements PanacheRepositoryBase<SimulationEntity, UUID> {
}

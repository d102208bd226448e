package io.arbiter.ruleset;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache access to {@link ActivationEntity}. */
@ApplicationScoped
class ActivationRepository implements PanacheRepository<ActivationEntity> {
}

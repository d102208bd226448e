package io.arbiter.ruleset;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache access to {@link RevisionEntity}, keyed by revision number. */
@ApplicationScoped
class RevisionRepository implements PanacheRepositoryBase<RevisionEntity, Integer> {
}

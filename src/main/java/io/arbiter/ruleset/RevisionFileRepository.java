package io.arbiter.ruleset;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache access to {@link RevisionFileEntity}, keyed by (revision, name). */
@ApplicationScoped
class RevisionFileRepository implements PanacheRepositoryBase<RevisionFileEntity, RevisionFileEntity.Key> {
}

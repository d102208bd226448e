package io.arbiter.ruleset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.io.Serializable;

/** A row of {@code ruleset_file}: one file of a revision, its content the exact bytes uploaded (bytea). */
@Entity
@Table(name = "ruleset_file")
class RevisionFileEntity {
    @EmbeddedId
    Key id;

    @Column(name = "sha256", nullable = false)
    String sha256;

    @Column(name = "content", nullable = false)
    byte[] content;

    /** The content's size, computed by PostgreSQL: listings read it without loading the bytes. */
    @Formula("octet_length(content)")
    int size;

    /** The primary key (revision, name). */
    @Embeddable
    record Key(@Column(name = "revision") int revision, @Column(name = "name") String name) implements Serializable {
    }

    static RevisionFileEntity of(int revision, RuleSetFile file) {
        RevisionFileEntity entity = new RevisionFileEntity();
        entity.id = new Key(revision, file.name());
        entity.sha256 = file.sha256();
        entity.content = file.content();
        return entity;
    }
}

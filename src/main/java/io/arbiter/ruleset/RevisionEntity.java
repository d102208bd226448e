package io.arbiter.ruleset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * A row of {@code ruleset_revision} (V1, V2, V3, V6). The number is not generated: the store
 * assigns max + 1 under a table lock, so numbers have no gaps. Only {@link RuleSetStore} sees it.
 */
@Entity
@Table(name = "ruleset_revision")
class RevisionEntity {
    @Id
    @Column(name = "revision")
    int revision;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    RuleSetRevision.Status status;

    @Column(name = "sha256", nullable = false)
    String sha256;

    @Column(name = "rule_count", nullable = false)
    int ruleCount;

    /** A plain column, not an association: nothing navigates from a revision to its base. */
    @Column(name = "base_revision")
    Integer baseRevision;

    @Column(name = "note")
    String note;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "activated_at")
    Instant activatedAt;

    @Column(name = "created_by")
    String createdBy;

    @Column(name = "created_by_subject")
    String createdBySubject;

    RuleSetRevision toRevision(List<RuleSetRevision.FileInfo> files) {
        return new RuleSetRevision(revision, status, sha256, ruleCount, baseRevision, note, createdBy, createdBySubject,
                createdAt, activatedAt, List.copyOf(files));
    }
}

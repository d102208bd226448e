package io.arbiter.ruleset;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Revisions, their files and activations in PostgreSQL, as entities on the Flyway schema. Callers
 * get records, never entities. Every method runs in the caller's transaction ({@code MANDATORY}):
 * {@link RuleSetService} draws the boundaries, so a revision is stored whole or not at all and an
 * activation is committed with its grant.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RuleSetStore {
    private final RevisionRepository revisions;
    private final RevisionFileRepository files;
    private final ActivationRepository activations;

    RuleSetStore(RevisionRepository revisions, RevisionFileRepository files, ActivationRepository activations) {
        this.revisions = revisions;
        this.files = files;
        this.activations = activations;
    }

    /** Stores a new DRAFT revision numbered max+1. */
    public RuleSetRevision insert(List<RuleSetFile> content, String sha256, int ruleCount, Integer base, String note,
                                  String createdBy, String createdBySubject, Instant now) {
        lockRevisions();
        return insert(content, sha256, ruleCount, base, note, createdBy, createdBySubject, RuleSetRevision.Status.DRAFT, now);
    }

    /**
     * Stores {@code files} as the ACTIVE revision 1 if the store holds no revision yet, and returns
     * the active revision number either way. Replicas starting together on an empty database agree.
     */
    public int bootstrap(List<RuleSetFile> content, String sha256, int ruleCount, String note, Instant now) {
        lockRevisions();
        Optional<Integer> active = activeRevision();
        if (active.isPresent()) {
            return active.get();
        }
        return insert(content, sha256, ruleCount, null, note, null, null, RuleSetRevision.Status.ACTIVE, now).revision();
    }

    private void lockRevisions() {
        // Serialises numbering across concurrent uploads (and replicas); readers are not blocked.
        // A table lock has no JPQL form: this is the one native statement, on the same session.
        em().createNativeQuery("LOCK TABLE ruleset_revision IN SHARE ROW EXCLUSIVE MODE").executeUpdate();
    }

    private RuleSetRevision insert(List<RuleSetFile> content, String sha256, int ruleCount, Integer base, String note,
                                   String createdBy, String createdBySubject, RuleSetRevision.Status status, Instant now) {
        int number = em().createQuery("select coalesce(max(r.revision), 0) + 1 from RevisionEntity r", Integer.class)
                .getSingleResult();
        RevisionEntity revision = new RevisionEntity();
        revision.revision = number;
        revision.status = status;
        revision.sha256 = sha256;
        revision.ruleCount = ruleCount;
        revision.baseRevision = base;
        revision.note = note;
        revision.createdAt = now;
        revision.activatedAt = status == RuleSetRevision.Status.ACTIVE ? now : null;
        revision.createdBy = createdBy;
        revision.createdBySubject = createdBySubject;
        revisions.persist(revision);
        content.forEach(f -> files.persist(RevisionFileEntity.of(number, f)));
        // The revision's row must exist before an activation refers to it.
        revisions.flush();
        if (status == RuleSetRevision.Status.ACTIVE) {
            activations.persist(ActivationEntity.of(number, null, now,
                    new Activation.Grant(Activation.Kind.BOOTSTRAP, null, null, null, false)));
        }
        // Read back as stored (PostgreSQL keeps microseconds), as every later read will see it.
        em().refresh(revision);
        return revision.toRevision(fileInfos(number));
    }

    /**
     * Makes {@code revision} the only ACTIVE one; the previously active becomes RETIRED. The
     * activation is recorded with its grant in the same transaction. Returns the previous revision.
     */
    public Optional<Integer> activate(int revision, Instant now, Activation.Grant grant) {
        // The active row, locked: a concurrent activation (another replica) waits for this one to commit.
        Optional<RevisionEntity> locked = revisions.find("status", RuleSetRevision.Status.ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
        Integer previous = locked.map(r -> r.revision).orElse(null);
        // The lock holds until commit; the entity is not kept, as the bulk updates below leave it stale.
        locked.ifPresent(em()::detach);
        if (previous != null && previous == revision) {
            return Optional.of(previous);
        }
        // Bulk updates in this order: at most one row is ACTIVE at any moment (the partial unique index).
        revisions.update("status = ?1 where status = ?2", RuleSetRevision.Status.RETIRED, RuleSetRevision.Status.ACTIVE);
        if (revisions.update("status = ?1, activatedAt = ?2 where revision = ?3", RuleSetRevision.Status.ACTIVE, now,
                revision) != 1) {
            throw new IllegalStateException("No revision " + revision);
        }
        activations.persist(ActivationEntity.of(revision, previous, now, grant));
        return Optional.ofNullable(previous);
    }

    /** DRAFT becomes SIMULATED; any other status is left alone (a simulation never demotes). */
    public void markSimulated(int revision) {
        revisions.update("status = ?1 where revision = ?2 and status = ?3", RuleSetRevision.Status.SIMULATED, revision,
                RuleSetRevision.Status.DRAFT);
    }

    /** Every activation, newest first. */
    public List<Activation> activations(int limit) {
        return activations.findAll(Sort.descending("id")).page(Page.ofSize(limit)).stream()
                .map(ActivationEntity::toActivation).toList();
    }

    public Optional<RuleSetRevision> find(int revision) {
        List<RuleSetRevision.FileInfo> infos = fileInfos(revision);
        return revisions.findByIdOptional(revision).map(r -> r.toRevision(infos));
    }

    public Optional<Integer> activeRevision() {
        return em().createQuery("select r.revision from RevisionEntity r where r.status = :active", Integer.class)
                .setParameter("active", RuleSetRevision.Status.ACTIVE).getResultStream().findFirst();
    }

    /** Every revision, newest first: two queries, whatever the number of revisions. */
    public List<RuleSetRevision> list() {
        Map<Integer, List<RuleSetRevision.FileInfo>> byRevision = new HashMap<>();
        em().createQuery("select f.id.revision, f.id.name, f.sha256, f.size from RevisionFileEntity f"
                        + " order by f.id.revision, f.id.name", StoredFile.class)
                .getResultStream()
                .forEach(f -> byRevision.computeIfAbsent(f.revision(), r -> new ArrayList<>())
                        .add(new RuleSetRevision.FileInfo(f.name(), f.sha256(), f.size())));
        return revisions.listAll(Sort.descending("revision")).stream()
                .map(r -> r.toRevision(byRevision.getOrDefault(r.revision, List.of()))).toList();
    }

    /** The files of a revision with their content, byte for byte as uploaded, in name order. */
    public List<RuleSetFile> files(int revision) {
        return files.list("id.revision", Sort.ascending("id.name"), revision).stream()
                .map(f -> new RuleSetFile(f.id.name(), f.content)).toList();
    }

    /** Name, hash and size of a revision's files, without loading their content. */
    private List<RuleSetRevision.FileInfo> fileInfos(int revision) {
        return em().createQuery("select f.id.name, f.sha256, f.size from RevisionFileEntity f"
                        + " where f.id.revision = :revision order by f.id.name", RuleSetRevision.FileInfo.class)
                .setParameter("revision", revision).getResultList();
    }

    /** One row of the file listing: a {@link RuleSetRevision.FileInfo} with the revision it belongs to. */
    record StoredFile(int revision, String name, String sha256, int size) {
    }

    private EntityManager em() {
        return revisions.getEntityManager();
    }
}

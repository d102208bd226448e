package io.arbiter.signals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The pushed signals' rows; every method runs in its caller's transaction ({@link SignalService} draws them). */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
class SignalStore {
    private final EntityManager em;

    @Inject
    SignalStore(EntityManager em) {
        this.em = em;
    }

    /** The signal's latest row, locked until the transaction ends (so two pushes of one signal take turns), or null. */
    SignalLatestEntity lockLatest(String name) {
        return em.find(SignalLatestEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
    }

    void insertLatest(SignalLatestEntity latest) {
        em.persist(latest);
    }

    List<SignalLatestEntity> allLatest() {
        return em.createQuery("FROM SignalLatestEntity", SignalLatestEntity.class).getResultList();
    }

    void recordPush(SignalPushEntity push) {
        em.persist(push);
    }

    /** The signal's pushes, newest first, below {@code beforeId} when given. */
    List<SignalPush> pushes(String name, Long beforeId, int limit) {
        var query = beforeId == null
                ? em.createQuery("FROM SignalPushEntity WHERE name = :name ORDER BY id DESC", SignalPushEntity.class)
                : em.createQuery("FROM SignalPushEntity WHERE name = :name AND id < :before ORDER BY id DESC", SignalPushEntity.class)
                        .setParameter("before", beforeId);
        return query.setParameter("name", name).setMaxResults(limit).getResultStream().map(SignalPushEntity::push).toList();
    }

    /** Forgets pushes received before {@code cutoff}; how many. */
    int purgePushes(Instant cutoff) {
        return em.createQuery("DELETE FROM SignalPushEntity WHERE receivedAt < :cutoff").setParameter("cutoff", cutoff).executeUpdate();
    }
}

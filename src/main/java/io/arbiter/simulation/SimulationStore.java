package io.arbiter.simulation;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Simulations in PostgreSQL, as entities on the Flyway schema; callers get records. Every state
 * change is an update guarded by the state it expects ({@code … where status = :expected}, the
 * count of rows it moved telling whether it happened), so a cancel racing the end of a run, or two
 * replicas, can never move a finished simulation again: PostgreSQL's row lock makes the second of
 * two racing updates re-check the condition against the first one's result. Optimistic locking
 * would need a version column the schema does not have, and would turn a lost race into an
 * exception instead of a count. Every method runs in the caller's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SimulationStore {
    private static final List<Simulation.Status> UNFINISHED = List.of(Simulation.Status.QUEUED, Simulation.Status.RUNNING);

    private final SimulationRepository simulations;

    SimulationStore(SimulationRepository simulations) {
        this.simulations = simulations;
    }

    public void insert(UUID id, int candidate, Integer baseline, Simulation.SourceKind kind, String source,
                       String requestedBy, String tenant, Instant now) {
        SimulationEntity simulation = new SimulationEntity();
        simulation.id = id;
        simulation.candidateRevision = candidate;
        simulation.baselineRevision = baseline;
        simulation.sourceKind = kind;
        simulation.source = source;
        simulation.status = Simulation.Status.QUEUED;
        simulation.processed = 0;
        simulation.cancelRequested = false;
        simulation.requestedBy = requestedBy;
        simulation.tenant = tenant;
        simulation.createdAt = now;
        simulation.heartbeatAt = now;
        simulations.persist(simulation);
    }

    /** QUEUED → RUNNING; false when it is no longer queued (cancelled meanwhile). */
    boolean start(UUID id, Instant now) {
        return simulations.update("status = ?1, startedAt = ?2, heartbeatAt = ?2 where id = ?3 and status = ?4",
                Simulation.Status.RUNNING, now, id, Simulation.Status.QUEUED) == 1;
    }

    void total(UUID id, long total) {
        simulations.update("total = ?1 where id = ?2", total, id);
    }

    /**
     * Records progress and returns whether a cancel was asked for (possibly through another replica).
     * The flag is read after the update, in its transaction: the row is locked by then, so it is the
     * flag as of the update (what {@code UPDATE … RETURNING} gave the JDBC store).
     */
    boolean progress(UUID id, long processed, Instant now) {
        if (simulations.update("processed = ?1, heartbeatAt = ?2 where id = ?3", processed, now, id) == 0) {
            return false;
        }
        return simulations.getEntityManager()
                .createQuery("select s.cancelRequested from SimulationEntity s where s.id = :id", Boolean.class)
                .setParameter("id", id).getSingleResult();
    }

    /** RUNNING → COMPLETED with the report; false when it was no longer running (cancelled, failed, abandoned). */
    boolean complete(UUID id, long processed, long replayed, String report, Instant now) {
        return simulations.update("status = ?1, processed = ?2, replayed = ?3, report = ?4, finishedAt = ?5"
                        + " where id = ?6 and status = ?7", Simulation.Status.COMPLETED, processed, replayed, report, now, id,
                Simulation.Status.RUNNING) == 1;
    }

    /** QUEUED or RUNNING → {@code status} (FAILED or CANCELLED); false when it had finished already. */
    boolean finish(UUID id, Simulation.Status status, long processed, String error, Instant now) {
        return simulations.update("status = ?1, processed = ?2, error = ?3, finishedAt = ?4 where id = ?5 and status in ?6",
                status, processed, error, now, id, UNFINISHED) == 1;
    }

    /**
     * Asks a simulation to stop: a queued one is cancelled at once, a running one when its runner
     * next looks (within 10,000 records). Returns the simulation afterwards.
     */
    Optional<Simulation> requestCancel(UUID id, Instant now) {
        simulations.update("status = ?1, finishedAt = ?2 where id = ?3 and status = ?4",
                Simulation.Status.CANCELLED, now, id, Simulation.Status.QUEUED);
        simulations.update("cancelRequested = true where id = ?1 and status = ?2", id, Simulation.Status.RUNNING);
        // Bulk updates bypass the session: an entity the caller's transaction loaded before is stale.
        return simulations.findByIdOptional(id).map(s -> {
            simulations.getEntityManager().refresh(s);
            return s.toSimulation(true);
        });
    }

    /** Keeps this replica's queued and running simulations visibly alive. */
    void heartbeat(Collection<UUID> ids, Instant now) {
        if (!ids.isEmpty()) {
            simulations.update("heartbeatAt = ?1 where id in ?2 and status in ?3", now, List.copyOf(ids), UNFINISHED);
        }
    }

    /** Fails simulations whose replica stopped beating (it stopped or crashed); returns how many. */
    int abandonStale(Instant staleBefore, Instant now) {
        return simulations.update("status = ?1, finishedAt = ?2, error = ?3 where status in ?4 and heartbeatAt < ?5",
                Simulation.Status.FAILED, now, "Abandoned: the service running it stopped before it finished; submit it again",
                UNFINISHED, staleBefore);
    }

    public Optional<Simulation> find(UUID id) {
        return simulations.findByIdOptional(id).map(s -> s.toSimulation(true));
    }

    /** Newest first, without reports (a report can be large; fetch one simulation to read it); {@code tenant} null: all. */
    public List<Simulation> list(Integer candidate, String tenant, int limit) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (candidate != null) {
            conditions.add("candidateRevision = :candidate");
            parameters.and("candidate", candidate);
        }
        if (tenant != null) {
            conditions.add("tenant = :tenant");
            parameters.and("tenant", tenant);
        }
        Sort newestFirst = Sort.descending("createdAt").and("id");
        PanacheQuery<SimulationEntity> query = conditions.isEmpty() ? simulations.findAll(newestFirst)
                : simulations.find(String.join(" and ", conditions), newestFirst, parameters);
        return query.page(Page.ofSize(limit)).stream().map(s -> s.toSimulation(false)).toList();
    }

    /** The completed simulations of a revision, newest first, without reports. */
    public List<Simulation> completed(int candidate) {
        return simulations.find("candidateRevision = ?1 and status = ?2", Sort.descending("finishedAt").and("id"),
                candidate, Simulation.Status.COMPLETED).stream().map(s -> s.toSimulation(false)).toList();
    }
}

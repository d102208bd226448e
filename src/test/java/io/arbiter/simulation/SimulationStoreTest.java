package io.arbiter.simulation;

import io.arbiter.database.Transactions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulation store on its entity: state changes guarded by the state they expect, also when
 * two transactions race (a cancel and a completion, two replicas), and rows the JDBC store wrote.
 */
@QuarkusTest
class SimulationStoreTest {
    @Inject
    SimulationStore store;

    @Inject
    DataSource dataSource;

    UUID running() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        Transactions.run(() -> store.insert(id, 1, null, Simulation.SourceKind.AUDIT_LOG, "{}", "replica-b", null, now));
        assertTrue(Transactions.call(() -> store.start(id, now)));
        return id;
    }

    /**
     * The first transaction moves the row and holds it; the second, begun meanwhile, waits for the
     * row and then finds it no longer in the state it expects: it moves nothing.
     */
    @Test
    void ofACompletionAndACancelRacingOnARunningSimulationTheFirstWinsAndTheOtherMovesNothing() throws Exception {
        UUID id = running();
        CountDownLatch completedUncommitted = new CountDownLatch(1);
        CountDownLatch cancelSent = new CountDownLatch(1);
        AtomicLong committedAt = new AtomicLong();
        CompletableFuture<Boolean> completion = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
            boolean moved = store.complete(id, 30_000, 30_000, "{\"report\":1}", Instant.now());
            completedUncommitted.countDown();
            cancelSent.await(10, TimeUnit.SECONDS);
            Thread.sleep(300); // the cancel is waiting for the row by now
            committedAt.set(System.nanoTime());
            return moved;
        }));
        assertTrue(completedUncommitted.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> {
            cancelSent.countDown();
            return Transactions.call(() -> store.finish(id, Simulation.Status.CANCELLED, 20_000, null, Instant.now()));
        });
        boolean cancelled = cancel.get(20, TimeUnit.SECONDS);
        long cancelReturnedAt = System.nanoTime();

        assertTrue(completion.get(20, TimeUnit.SECONDS));
        assertFalse(cancelled, "the cancel found the simulation completed");
        assertTrue(cancelReturnedAt > committedAt.get(), "the cancel waited for the completion's commit");
        Simulation after = Transactions.call(() -> store.find(id)).orElseThrow();
        assertEquals(Simulation.Status.COMPLETED, after.status());
        assertEquals(30_000, after.processed());
        assertEquals("{\"report\":1}", after.report());
        assertNull(after.error());
    }

    @Test
    void twoReplicasStartingOneQueuedSimulationStartItOnce() throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        Transactions.run(() -> store.insert(id, 1, null, Simulation.SourceKind.AUDIT_LOG, "{}", "replica-b", null, now));
        CountDownLatch startedUncommitted = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
            boolean started = store.start(id, now);
            startedUncommitted.countDown();
            Thread.sleep(300);
            return started;
        }));
        assertTrue(startedUncommitted.await(10, TimeUnit.SECONDS));
        boolean second = Transactions.call(() -> store.start(id, now));

        assertTrue(first.get(20, TimeUnit.SECONDS));
        assertFalse(second, "the second replica found it running");
        assertEquals(Simulation.Status.RUNNING, Transactions.call(() -> store.find(id)).orElseThrow().status());
        Transactions.run(() -> store.finish(id, Simulation.Status.CANCELLED, 0, null, Instant.now()));
    }

    @Test
    void aCancelAskedForInTheSameTransactionThatReadTheSimulationReturnsItAsItIsNow() {
        UUID id = running();
        Simulation asked = Transactions.call(() -> {
            store.find(id).orElseThrow();
            return store.requestCancel(id, Instant.now()).orElseThrow();
        });
        assertTrue(asked.cancelRequested());
        assertEquals(Simulation.Status.RUNNING, asked.status());
        Transactions.run(() -> store.finish(id, Simulation.Status.CANCELLED, 0, null, Instant.now()));
    }

    /**
     * A simulation written with the JDBC store's own statements reads back unchanged: its JSON
     * source and report are the exact text stored (spacing, escapes and all), not a re-serialisation.
     * Written and read in one transaction that is rolled back: nothing stays.
     */
    @Test
    void aSimulationWrittenByTheJdbcStoreReadsBackUnchanged() throws SQLException {
        UUID id = UUID.randomUUID();
        Instant created = Instant.parse("2026-11-22T10:35:15.160387Z");
        Instant started = Instant.parse("2026-11-22T10:35:15.184335Z");
        Instant finished = Instant.parse("2026-11-22T10:35:15.440514Z");
        String source = "{\"auditLog\":{\"from\":\"2026-11-15T10:35:15.160387Z\",\"to\":\"2026-11-22T10:35:15.160387Z\","
                + "\"type\":\"PlaceOrder\",\"tenant\":\"ünï ✓\",\"last\":2000,\"fromSeq\":401,\"toSeq\":2400}}";
        String report = "{ \"candidate\" : \"revision 2\",\n  \"replayed\":2000, \"note\":\"\\u00e9 stays escaped, é stays raw\","
                + " \"big\":12345678901234567890, \"float\":1.50 }";
        QuarkusTransaction.begin();
        try {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO simulation (id, candidate_revision, baseline_revision,"
                        + " source_kind, source, status, requested_by, tenant, created_at, heartbeat_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?)")) {
                    ps.setObject(1, id);
                    ps.setObject(2, 1);
                    ps.setObject(3, 1);
                    ps.setObject(4, "AUDIT_LOG");
                    ps.setObject(5, source);
                    ps.setObject(6, "ann");
                    ps.setObject(7, "ünï ✓");
                    ps.setObject(8, Timestamp.from(created));
                    ps.setObject(9, Timestamp.from(created));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE simulation SET status = 'RUNNING', started_at = ?,"
                        + " heartbeat_at = ? WHERE id = ? AND status = 'QUEUED'")) {
                    ps.setObject(1, Timestamp.from(started));
                    ps.setObject(2, Timestamp.from(started));
                    ps.setObject(3, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE simulation SET status = 'COMPLETED', processed = ?,"
                        + " replayed = ?, report = ?, finished_at = ? WHERE id = ? AND status = 'RUNNING'")) {
                    ps.setObject(1, 2000L);
                    ps.setObject(2, 2000L);
                    ps.setObject(3, report);
                    ps.setObject(4, Timestamp.from(finished));
                    ps.setObject(5, id);
                    ps.executeUpdate();
                }
            }

            assertEquals(new Simulation(id, 1, 1, Simulation.SourceKind.AUDIT_LOG, source, Simulation.Status.COMPLETED, null,
                    2000, 2000L, false, report, null, "ann", "ünï ✓", created, started, finished), store.find(id).orElseThrow());
            Simulation listed = store.list(1, "ünï ✓", 1).get(0);
            assertEquals(id, listed.id());
            assertNull(listed.report(), "lists leave reports out");
            assertEquals(source, listed.source());
            assertTrue(store.completed(1).stream().anyMatch(s -> s.id().equals(id) && s.report() == null));
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}

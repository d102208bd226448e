package io.arbiter.simulation;

import io.arbiter.database.Transactions;
import io.arbiter.security.Caller;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulation states across replicas, driven through the store with rows no local runner owns —
 * as another replica's simulations look to this one. The store works inside its caller's
 * transaction, so each step here is one, as the service's are.
 */
@QuarkusTest
class SimulationLifecycleTest {
    @Inject
    SimulationStore store;

    @Inject
    SimulationService service;

    @Test
    void aSimulationWhoseReplicaStoppedBeatingIsMarkedFailedAndALiveOneIsLeftAlone() {
        Instant now = Instant.now();
        UUID abandoned = UUID.randomUUID();
        Transactions.run(() -> store.insert(abandoned, 1, null, Simulation.SourceKind.AUDIT_LOG, "{}", "replica-b", null, now.minus(Duration.ofMinutes(5))));
        Transactions.run(() -> store.start(abandoned, now.minus(Duration.ofMinutes(4))));
        UUID alive = UUID.randomUUID();
        Transactions.run(() -> store.insert(alive, 1, null, Simulation.SourceKind.AUDIT_LOG, "{}", "replica-c", null, now));

        service.heartbeat();

        Simulation failed = Transactions.call(() -> store.find(abandoned)).orElseThrow();
        assertEquals(Simulation.Status.FAILED, failed.status());
        assertTrue(failed.error().startsWith("Abandoned"), failed.error());
        assertNotNull(failed.finishedAt());
        assertEquals(Simulation.Status.QUEUED, Transactions.call(() -> store.find(alive)).orElseThrow().status());
        service.cancel(alive, Caller.system("test"));
    }

    @Test
    void aQueuedSimulationIsCancelledAtOnceAndARunningOneOnAnotherReplicaIsToldAtItsNextProgressReport() {
        Instant now = Instant.now();
        UUID queued = UUID.randomUUID();
        Transactions.run(() -> store.insert(queued, 1, null, Simulation.SourceKind.AUDIT_LOG, "{}", "replica-b", null, now));
        assertEquals(Simulation.Status.CANCELLED, service.cancel(queued, Caller.system("test")).status());
        assertFalse(Transactions.call(() -> store.start(queued, now)), "a cancelled simulation must never start");

        UUID running = UUID.randomUUID();
        Transactions.run(() -> store.insert(running, 1, null, Simulation.SourceKind.AUDIT_LOG, "{}", "replica-b", null, now));
        Transactions.run(() -> store.start(running, now));
        assertFalse(Transactions.call(() -> store.progress(running, 10_000, now)));
        Simulation asked = service.cancel(running, Caller.system("test"));
        assertEquals(Simulation.Status.RUNNING, asked.status());
        assertTrue(asked.cancelRequested());
        assertTrue(Transactions.call(() -> store.progress(running, 20_000, now)), "the runner's next progress report learns of the cancel");
        Transactions.run(() -> store.finish(running, Simulation.Status.CANCELLED, 20_000, null, now));
        Transactions.run(() -> store.complete(running, 30_000, 30_000, "{}", now));
        assertEquals(Simulation.Status.CANCELLED, Transactions.call(() -> store.find(running)).orElseThrow().status(), "a finished simulation never moves again");
    }
}

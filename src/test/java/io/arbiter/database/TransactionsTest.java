package io.arbiter.database;

import io.arbiter.simulation.Simulation;
import io.arbiter.simulation.SimulationStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A service's unit of work: committed on return, rolled back on failure, database failures as StoreException (503). */
@QuarkusTest
class TransactionsTest {
    @Inject
    SimulationStore simulations;

    @Inject
    EntityManager entityManager;

    @Test
    void aStatementPostgreSqlRefusesLeavesAsStoreException() {
        assertThrows(StoreException.class,
                () -> Transactions.call(() -> entityManager.createNativeQuery("SELECT * FROM no_such_table").getResultList()));
    }

    @Test
    void aCommitPostgreSqlRefusesLeavesAsStoreExceptionAndStoresNothing() {
        UUID id = UUID.randomUUID();
        // No revision 2147483647: the insert is flushed at commit, where the foreign key refuses it.
        assertThrows(StoreException.class, () -> Transactions.run(() -> simulations.insert(id, Integer.MAX_VALUE, null,
                Simulation.SourceKind.FILE, "{}", "test", null, Instant.now())));
        assertEquals(Optional.empty(), Transactions.call(() -> simulations.find(id)));
    }

    @Test
    void anyOtherFailureLeavesUnchangedAndRollsTheWorkBack() {
        UUID id = UUID.randomUUID();
        IllegalStateException thrown = new IllegalStateException("not the database");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> Transactions.run(() -> {
            simulations.insert(id, 1, null, Simulation.SourceKind.FILE, "{}", "test", null, Instant.now());
            entityManager.flush();
            throw thrown;
        })));
        assertEquals(Optional.empty(), Transactions.call(() -> simulations.find(id)));
    }

    @Test
    void workInsideACallersTransactionJoinsItAndIsRolledBackWithIt() {
        UUID id = UUID.randomUUID();
        IllegalStateException thrown = new IllegalStateException("the caller fails after the inner work returned");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> Transactions.run(() -> {
            Transactions.run(() -> simulations.insert(id, 1, null, Simulation.SourceKind.FILE, "{}", "test", null, Instant.now()));
            assertEquals(id, simulations.find(id).orElseThrow().id());
            throw thrown;
        })));
        assertEquals(Optional.empty(), Transactions.call(() -> simulations.find(id)), "not committed on its own");
    }
}

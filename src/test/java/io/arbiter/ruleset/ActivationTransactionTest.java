package io.arbiter.ruleset;

import io.arbiter.database.StoreException;
import io.arbiter.database.Transactions;
import io.arbiter.security.Caller;
import io.arbiter.support.Rows;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Activation's transaction: compiled and warmed first, the state change committed with its grant
 * as one, the decide path switched only after the commit; and replicas follow what is committed.
 */
@QuarkusTest
class ActivationTransactionTest {
    @Inject
    RuleSetService service;

    @Inject
    RuleSetStore store;

    @Inject
    DataSource dataSource;

    /** A DRAFT copy of the active revision: it compiles and changes no answer. */
    int draft() {
        return service.upload(List.of(), null, Set.of(), "copy of the active revision", Caller.system("test")).revision();
    }

    @Test
    void anActivationWhoseGrantCannotBeStoredChangesNothingAndTheActiveRevisionKeepsDeciding() {
        int active = service.active().revision();
        int draft = draft();
        long activations = Rows.count(dataSource, "ruleset_activation");
        // A simulation that does not exist breaks ruleset_activation's foreign key: the grant's row
        // fails after both status changes were made, in the same transaction.
        Activation.Grant unstorable = new Activation.Grant(Activation.Kind.ACTIVATION, "carol", UUID.randomUUID(), null, false);

        assertThrows(StoreException.class, () -> service.activate(draft, unstorable));

        assertEquals(active, service.active().revision(), "the decide path never switched");
        assertEquals(RuleSetRevision.Status.ACTIVE, service.find(active).status());
        assertEquals(RuleSetRevision.Status.DRAFT, service.find(draft).status());
        assertEquals(activations, Rows.count(dataSource, "ruleset_activation"));
    }

    @Test
    void activatingOrCompilingARevisionRefusesToRunInsideACallersTransaction() {
        int active = service.active().revision();
        int draft = draft();
        Activation.Grant grant = new Activation.Grant(Activation.Kind.ACTIVATION, "carol", null, "test", false);

        assertThrows(TransactionalException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> service.activate(draft, grant)));
        assertThrows(TransactionalException.class, () -> QuarkusTransaction.requiringNew().run(() -> service.compiled(draft)));
        assertThrows(TransactionalException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> service.upload(List.of(), null, Set.of(), "inside", Caller.system("test"))));

        assertEquals(active, service.active().revision());
        assertEquals(RuleSetRevision.Status.DRAFT, service.find(draft).status());
    }

    @Test
    void aReplicaFollowsAnActivationAnotherReplicaCommittedToTheSharedDatabase() {
        int before = service.active().revision();
        int draft = draft();
        try {
            // What another replica's activation leaves behind: the shared rows, not this replica's memory.
            Transactions.run(() -> store.activate(draft, Instant.now(),
                    new Activation.Grant(Activation.Kind.ACTIVATION, "replica-b", null, "test", false)));
            service.followStoredActivation();
            assertEquals(draft, service.active().revision());
        } finally {
            Transactions.run(() -> store.activate(before, Instant.now(),
                    new Activation.Grant(Activation.Kind.ROLLBACK, "replica-b", null, null, false)));
            service.followStoredActivation();
        }
        assertEquals(before, service.active().revision());
    }
}

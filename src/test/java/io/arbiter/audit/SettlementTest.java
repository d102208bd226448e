package io.arbiter.audit;

import io.arbiter.audit.AuditWriter.Duplicate;
import io.arbiter.audit.AuditWriter.Pending;
import io.arbiter.audit.AuditWriter.Stored;
import io.arbiter.audit.AuditWriter.Written;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each caller of a batch is answered: plain bookkeeping, no database. */
class SettlementTest {
    static final AuditUnavailableException FAILURE = new AuditUnavailableException("neither PostgreSQL nor the journal");

    @Test
    void everyEntryOfABatchWithoutDuplicatesIsWrittenInTheOrderSubmitted() {
        List<Pending> batch = List.of(pending("a"), pending("b"), pending("c"));
        Settlement s = new Settlement(batch);
        assertEquals(batch, s.primaries());
        assertEquals(batch, s.unsettled(), "nothing is settled before PostgreSQL or the journal says so");
    }

    @Test
    void laterEntriesOfACommandIdAreNotWrittenAndAreAnsweredWithTheFirstOnesRecord() throws Exception {
        Pending a1 = pending("a");
        Pending b = pending("b");
        Pending a2 = pending("a");
        Pending a3 = pending("a");
        Settlement s = new Settlement(List.of(a1, b, a2, a3));
        assertEquals(List.of(a1, b), s.primaries());

        assertEquals(List.of(), s.appended(s.primaries(), Map.of()), "no conflict: nothing to append again");
        s.answer(null);
        assertInstanceOf(Stored.class, a1.done().get());
        assertInstanceOf(Stored.class, b.done().get());
        for (Pending follower : List.of(a2, a3)) {
            Duplicate d = assertInstanceOf(Duplicate.class, follower.done().get());
            assertEquals(a1.entry().record(), d.originalRecord(), "one decision per command id: the first one's");
        }
    }

    @Test
    void aCommandIdDecidedBeforeIsAnsweredWithItsOriginalAndOnlyTheRestIsAppendedAgain() throws Exception {
        Pending a = pending("a");
        Pending b = pending("b");
        Pending c = pending("c");
        Pending b2 = pending("b");
        Settlement s = new Settlement(List.of(a, b, c, b2));

        List<Pending> again = s.appended(s.primaries(), Map.of("b", "{\"original\":\"b\"}"));
        assertEquals(List.of(a, c), again, "nothing was written: the others go again, in order");
        assertEquals(List.of(a, c), s.unsettled());
        assertEquals(List.of(), s.appended(again, Map.of()));
        s.answer(null);

        assertInstanceOf(Stored.class, a.done().get());
        assertInstanceOf(Stored.class, c.done().get());
        assertEquals(new Duplicate("{\"original\":\"b\"}"), b.done().get());
        assertEquals(new Duplicate("{\"original\":\"b\"}"), b2.done().get(), "a follower gets what its first entry got");
    }

    @Test
    void aPartOfASplitBatchLeavesOutWhatIsAlreadySettled() {
        Pending a = pending("a");
        Pending b = pending("b");
        Pending c = pending("c");
        Pending d = pending("d");
        Settlement s = new Settlement(List.of(a, b, c, d));
        s.appended(s.primaries(), Map.of("b", "{}")); // then the append of a, c, d was refused, and the batch split
        s.stored(c); // e.g. quarantined

        assertEquals(List.of(a), s.unsettled(List.of(a, b)));
        assertEquals(List.of(d), s.unsettled(List.of(c, d)));
        assertEquals(List.of(a, d), s.unsettled(), "what the journal gets if PostgreSQL fails now");
    }

    @Test
    void entriesLeftUnsettledFailTheirCallersAndTheirFollowersWhileSettledOnesKeepTheirAnswers() throws Exception {
        Pending a = pending("a");
        Pending b = pending("b");
        Pending a2 = pending("a");
        Pending b2 = pending("b");
        Settlement s = new Settlement(List.of(a, b, a2, b2));
        s.stored(a); // committed before PostgreSQL went away; b was neither committed nor journaled

        s.answer(FAILURE);
        assertInstanceOf(Stored.class, a.done().get());
        assertEquals(new Duplicate(a.entry().record()), a2.done().get());
        for (Pending failed : List.of(b, b2)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> failed.done().get());
            assertSame(FAILURE, e.getCause());
        }
    }

    @Test
    void journaledEntriesAreStoredAndAnsweredSo() throws Exception {
        Pending a = pending("a");
        Pending a2 = pending("a");
        Settlement s = new Settlement(List.of(a, a2));
        s.stored(s.unsettled()); // PostgreSQL away: all of it to the journal

        assertEquals(List.of(), s.unsettled());
        s.answer(null);
        assertInstanceOf(Stored.class, a.done().get());
        assertEquals(new Duplicate(a.entry().record()), a2.done().get(), "journaled or not, a duplicate in the batch is not stored twice");
    }

    @Test
    void theSameEntrySubmittedTwiceIsTwoCallersAndOneDecision() throws Exception {
        AuditEntry entry = entry("twice");
        Pending first = new Pending(entry, new CompletableFuture<>());
        Pending second = new Pending(entry, new CompletableFuture<>());
        Settlement s = new Settlement(List.of(first, second));
        assertEquals(1, s.primaries().size());
        assertSame(first, s.primaries().get(0));

        s.stored(s.primaries());
        s.answer(null);
        Written w1 = first.done().get();
        Written w2 = second.done().get();
        assertInstanceOf(Stored.class, w1);
        assertEquals(new Duplicate(entry.record()), w2);
    }

    @Test
    void aFailedBatchAnswersEveryCallerTheSettledOnesWithTheirResult() {
        List<Pending> batch = List.of(pending("a"), pending("b"), pending("a"), pending("c"), pending("b"));
        Settlement s = new Settlement(batch);
        s.appended(List.of(s.primaries().get(0)), Map.of());
        s.answer(FAILURE);
        for (Pending p : batch) {
            assertTrue(p.done().isDone());
        }
        assertFalse(batch.get(0).done().isCompletedExceptionally());
        assertFalse(batch.get(2).done().isCompletedExceptionally());
        assertTrue(batch.get(1).done().isCompletedExceptionally());
        assertTrue(batch.get(3).done().isCompletedExceptionally());
        assertTrue(batch.get(4).done().isCompletedExceptionally());
    }

    static Pending pending(String commandId) {
        return new Pending(entry(commandId), new CompletableFuture<>());
    }

    static AuditEntry entry(String commandId) {
        UUID id = UUID.randomUUID();
        return new AuditEntry(id, Instant.parse("2026-11-22T10:15:30Z"), commandId, "PlaceOrder", null, null, null,
                "order-management", "ROUTED", 1, "{\"decision_id\":\"" + id + "\",\"input\":{\"commandId\":\"" + commandId + "\"}}");
    }
}

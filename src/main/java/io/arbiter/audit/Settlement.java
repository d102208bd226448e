package io.arbiter.audit;

import io.arbiter.audit.AuditWriter.Duplicate;
import io.arbiter.audit.AuditWriter.Pending;
import io.arbiter.audit.AuditWriter.Stored;
import io.arbiter.audit.AuditWriter.Written;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What becomes of one batch's callers: which entries are written, what each one turned out to be,
 * and how every caller's future completes. Bookkeeping only — no I/O — so it is unit-tested
 * without a database; the writer does the appending and journaling and reports here.
 *
 * <p>Racing duplicates inside a batch make one decision: the first entry of a command id (its
 * <em>primary</em>) is written, later ones (its <em>followers</em>) are not, and are answered with
 * the primary's outcome as a {@link Duplicate} — of the record PostgreSQL says was decided before,
 * or else of the primary's own record.
 *
 * <p>Entries are told apart by identity (an {@link IdentityHashMap}), never by their content:
 * hashing a record's text on every lookup would be wasted work, and two equal submissions are still
 * two callers.
 */
final class Settlement {
    private static final Stored STORED = new Stored();

    private final List<Pending> batch;
    private final List<Pending> primaries;
    private final Map<Pending, Pending> followers = new IdentityHashMap<>();
    private final Map<Pending, Written> results = new IdentityHashMap<>();

    Settlement(List<Pending> batch) {
        this.batch = batch;
        Map<String, Pending> first = new LinkedHashMap<>();
        for (Pending p : batch) {
            Pending primary = first.putIfAbsent(p.entry().commandId(), p);
            if (primary != null) {
                followers.put(p, primary);
            }
        }
        this.primaries = new ArrayList<>(first.values());
    }

    /** The entries to write, in the order submitted: the first of each command id. */
    List<Pending> primaries() {
        return primaries;
    }

    /** Of {@code entries}, those not settled yet, in order (a part of a batch split around a refused record may hold settled ones). */
    List<Pending> unsettled(List<Pending> entries) {
        return entries.stream().filter(p -> !results.containsKey(p)).toList();
    }

    /** The primaries no one has settled: what goes to the journal. */
    List<Pending> unsettled() {
        return unsettled(primaries);
    }

    /** Durable: committed, quarantined or journaled. */
    void stored(Pending p) {
        results.put(p, STORED);
    }

    void stored(List<Pending> entries) {
        entries.forEach(this::stored);
    }

    /**
     * PostgreSQL's answer to appending {@code appended}: the command ids among them decided before,
     * with their original record. None: all of them are stored. Some: nothing was written — those
     * are answered with their original, and the rest, returned in order, must be appended again.
     */
    List<Pending> appended(List<Pending> appended, Map<String, String> decidedBefore) {
        if (decidedBefore.isEmpty()) {
            stored(appended);
            return List.of();
        }
        List<Pending> again = new ArrayList<>();
        for (Pending p : appended) {
            String original = decidedBefore.get(p.entry().commandId());
            if (original != null) {
                results.put(p, new Duplicate(original));
            } else {
                again.add(p);
            }
        }
        return again;
    }

    /**
     * Completes every caller's future: a primary with what it turned out to be, a follower as a
     * duplicate of its primary, and anyone whose entry was not settled with {@code failure} (null
     * only when everything was settled).
     */
    void answer(AuditUnavailableException failure) {
        for (Pending p : batch) {
            Pending primary = followers.getOrDefault(p, p);
            Written w = results.get(primary);
            if (w == null) {
                p.done().completeExceptionally(Objects.requireNonNull(failure, "an entry was left unsettled without a failure"));
            } else if (primary == p) {
                p.done().complete(w);
            } else {
                p.done().complete(w instanceof Duplicate d ? d : new Duplicate(primary.entry().record()));
            }
        }
    }
}

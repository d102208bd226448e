package io.arbiter.simulation;

import io.arbiter.audit.AuditQuery;
import io.arbiter.audit.AuditReader;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A window of the audit log as history lines, oldest first, fetched a page at a time. The next
 * page is fetched while the current one is replayed, so PostgreSQL and the replay work on
 * different cores; memory holds at most two pages, whatever the window's size.
 */
public final class AuditHistory implements HistoryReader.Lines {
    static final int PAGE = 2000;
    private static final Executor FETCH = runnable -> {
        Thread t = new Thread(runnable, "simulation-fetch");
        t.setDaemon(true);
        t.start();
    };

    private final AuditReader reader;
    private final AuditQuery query;
    private final long toSeq;
    private Iterator<String> page = List.<String>of().iterator();
    private CompletableFuture<AuditReader.Forward> next;
    private boolean exhausted;

    /** Records matching {@code query} with {@code fromSeq <= seq <= toSeq}. */
    public AuditHistory(AuditReader reader, AuditQuery query, long fromSeq, long toSeq) {
        this.reader = reader;
        this.query = query;
        this.toSeq = toSeq;
        this.next = fetch(fromSeq - 1);
    }

    private CompletableFuture<AuditReader.Forward> fetch(long afterSeq) {
        return CompletableFuture.supplyAsync(() -> reader.forward(query, afterSeq, toSeq, PAGE), FETCH);
    }

    @Override
    public String next() {
        while (!page.hasNext()) {
            if (exhausted) {
                return null;
            }
            AuditReader.Forward fetched;
            try {
                fetched = next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            exhausted = fetched.records().size() < PAGE;
            next = exhausted ? null : fetch(fetched.lastSeq());
            page = fetched.records().iterator();
        }
        return page.next();
    }
}

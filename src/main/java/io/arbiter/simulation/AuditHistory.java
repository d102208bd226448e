package io.arbiter.simulation;

import io.arbiter.audit.AuditQuery;
import io.arbiter.audit.AuditReader;

import java.util.Iterator;
import java.util.List;

/**
 * A window of the audit log as history lines, oldest first, fetched a page at a time: memory holds
 * one page, whatever the window's size.
 */
final class AuditHistory implements HistoryReader.Lines {
    static final int PAGE = 2000;

    private final AuditReader reader;
    private final AuditQuery query;
    private final long toSeq;
    private long afterSeq;
    private Iterator<String> page = List.<String>of().iterator();
    private boolean exhausted;

    /** Records matching {@code query} with {@code fromSeq <= seq <= toSeq}. */
    AuditHistory(AuditReader reader, AuditQuery query, long fromSeq, long toSeq) {
        this.reader = reader;
        this.query = query;
        this.afterSeq = fromSeq - 1;
        this.toSeq = toSeq;
    }

    @Override
    public String next() {
        while (!page.hasNext()) {
            if (exhausted) {
                return null;
            }
            AuditReader.Forward next = reader.forward(query, afterSeq, toSeq, PAGE);
            exhausted = next.records().size() < PAGE;
            afterSeq = next.lastSeq();
            page = next.records().iterator();
        }
        return page.next();
    }
}

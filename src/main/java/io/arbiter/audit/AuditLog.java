package io.arbiter.audit;

import io.arbiter.routing.DecisionLog;
import io.arbiter.routing.DecisionRecordJson;
import io.arbiter.routing.DecisionRecordV1;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The decision log as the decide path sees it: hands each record to the {@link AuditWriter}, with
 * copies of the fields queries filter on.
 *
 * <p>Recently decided command ids are remembered in memory, so a retry is answered without a
 * database round trip — and still correctly while PostgreSQL is unreachable.
 */
@ApplicationScoped
public class AuditLog implements DecisionLog {
    private final AuditWriter writer;
    /** Accessed from every event-loop thread. */
    private final RecentCommands recent;

    @Inject
    public AuditLog(AuditWriter writer, AuditConfig config) {
        this.writer = writer;
        this.recent = RecentCommands.of(config.recentCommands());
    }

    @Override
    public CompletionStage<Recorded> record(UUID decisionId, DecisionRecordV1 record, String stored) {
        String commandId = record.input().commandId();
        String known = recent.get(commandId);
        if (known != null) {
            return CompletableFuture.completedFuture(alreadyDecided(known));
        }
        return writer.submit(AuditEntry.of(decisionId, record, stored)).thenApply(written -> {
            String kept = written instanceof AuditWriter.Duplicate d ? d.originalRecord() : stored;
            recent.put(commandId, kept);
            return written instanceof AuditWriter.Duplicate ? alreadyDecided(kept) : new Stored();
        });
    }

    /** Retention dropped decisions: idempotency must not outlive them, so the memory of recent ones goes too. */
    void forgetRecent() {
        recent.clear();
    }

    private static AlreadyDecided alreadyDecided(String stored) {
        try {
            return new AlreadyDecided(DecisionRecordJson.read(stored));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable audit record", e);
        }
    }
}

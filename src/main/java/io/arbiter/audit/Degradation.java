package io.arbiter.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the audit log is degraded, why, and since when — what readiness and the metric
 * {@code arbiter_audit_degraded} report, so an alert can rely on it.
 *
 * <ul>
 * <li><b>Journaling</b>: degraded once the writer has journaled without a break for longer than
 * {@code arbiter.audit.degraded-after}; since = when it started journaling. A shorter blip (a
 * database restart, a failover) is not worth waking anyone for; a long one means decisions are
 * not in PostgreSQL, not queryable, not verified.</li>
 * <li><b>Quarantining</b>: degraded from the moment a record is quarantined until
 * {@code degraded-after} has passed without another; since = the first quarantine of that run.
 * A quarantined record is never a blip — a decision is outside the hash chain — so there is no
 * grace period, and it holds for at least {@code degraded-after}, so any scrape or probe more
 * frequent than that sees it. The lasting signal is the size of the quarantine
 * ({@code arbiter_audit_quarantine_records}), which only an operator makes smaller.</li>
 * </ul>
 *
 * <p>Written by the audit writer's thread, read by health and metrics: synchronized, never hot.
 */
@ApplicationScoped
public class Degradation {
    private final Duration after;
    private boolean journaling;
    private long journalingSinceNanos;
    private Instant journalingSince;
    private long lastQuarantineNanos;
    private Instant quarantiningSince;
    private long quarantinedInRun;

    /** Degraded or not; {@code reason} and {@code since} are null when not. */
    public record Status(boolean degraded, String reason, Instant since) {
    }

    @Inject
    public Degradation(AuditConfig config) {
        this.after = config.degradedAfter();
    }

    synchronized boolean journaling() {
        return journaling;
    }

    synchronized void journaling(boolean now) {
        if (now && !journaling) {
            journalingSinceNanos = System.nanoTime();
            journalingSince = Instant.now();
        }
        journaling = now;
    }

    synchronized void quarantined() {
        long now = System.nanoTime();
        if (!quarantining(now)) {
            quarantiningSince = Instant.now();
            quarantinedInRun = 0;
        }
        lastQuarantineNanos = now;
        quarantinedInRun++;
    }

    public synchronized Status status() {
        long now = System.nanoTime();
        boolean longJournal = journaling && now - journalingSinceNanos > after.toNanos();
        boolean quarantining = quarantining(now);
        if (longJournal && quarantining) {
            Instant since = journalingSince.isBefore(quarantiningSince) ? journalingSince : quarantiningSince;
            return new Status(true, journalReason() + "; " + quarantineReason(), since);
        }
        if (longJournal) {
            return new Status(true, journalReason(), journalingSince);
        }
        if (quarantining) {
            return new Status(true, quarantineReason(), quarantiningSince);
        }
        return new Status(false, null, null);
    }

    private boolean quarantining(long now) {
        return quarantiningSince != null && now - lastQuarantineNanos <= after.toNanos();
    }

    private String journalReason() {
        return "journaling: PostgreSQL has not taken decisions for longer than " + text(after);
    }

    private String quarantineReason() {
        return "quarantining: " + quarantinedInRun + " record(s) PostgreSQL refused, the latest less than " + text(after) + " ago";
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

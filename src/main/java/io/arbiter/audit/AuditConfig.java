package io.arbiter.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Audit-log settings (prefix {@code arbiter.audit}). */
@ConfigMapping(prefix = "arbiter.audit")
public interface AuditConfig {
    /** Most records committed in one transaction. */
    @WithDefault("2000")
    int maxBatch();

    /**
     * How long the writer waits for more records once one is waiting, to grow a batch. Zero relies
     * on natural group commit alone: records arriving during a commit form the next batch.
     */
    @WithDefault("0ms")
    Duration maxWait();

    /** Records waiting to be written before decide answers 503 (back-pressure instead of memory growth). */
    @WithDefault("100000")
    int queueCapacity();

    /** Where the local journal lives while PostgreSQL is unreachable. Default: {@code <arbiter.embedded.data-dir>/journal}. */
    Optional<String> journalDir();

    /** How often the writer retries PostgreSQL while it journals. */
    @WithDefault("1s")
    Duration reconnectInterval();

    /**
     * How long the writer may journal without a break before readiness data and
     * {@code arbiter_audit_degraded} say degraded; also how long they say so after a record is
     * quarantined (see {@link Degradation}).
     */
    @WithDefault("30s")
    Duration degradedAfter();

    /** How long decisions are kept; older daily partitions are dropped. */
    @WithDefault("90d")
    Duration retention();

    /**
     * Command ids remembered in memory with their record, to answer retries without a round trip
     * and while PostgreSQL is unreachable: a ring of 2 KiB per id allocated at start (records are
     * ~1.5 KB; larger ones shorten the memory). 0 remembers none.
     */
    @WithDefault("20000")
    int recentCommands();
}

package io.arbiter.audit;

import io.arbiter.database.StoreException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily partitions of the audit log (UTC days): created a week ahead, dropped after retention.
 *
 * <p>Dropping never blocks decide: a partition is detached CONCURRENTLY (which takes no lock that
 * conflicts with inserts) and only then dropped. The last link of a dropped partition is kept in
 * {@code audit_chain_anchor} so verify can still start the chain where the log now begins.
 */
@ApplicationScoped
public class AuditPartitions {
    private static final Logger LOG = Logger.getLogger(AuditPartitions.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final AuditJdbc sql;
    private final AuditConfig config;
    private final AuditLog auditLog;

    @Inject
    public AuditPartitions(DataSource dataSource, AuditConfig config, AuditLog auditLog) {
        this.sql = new AuditJdbc(dataSource);
        this.config = config;
        this.auditLog = auditLog;
    }

    void onStart(@Observes @Priority(5) StartupEvent event) {
        maintain();
    }

    /** Hourly: partitions for yesterday to a week ahead, retention applied. */
    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void maintain() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try {
            autocommit(c -> {
                for (int d = -1; d <= 7; d++) {
                    ensure(c, today.plusDays(d));
                }
                return applyRetention(c, Instant.now().minus(config.retention()));
            });
        } catch (StoreException e) {
            LOG.warnf("Audit partition maintenance failed (retried in an hour): %s", e.getCause().getMessage());
        }
    }

    /** Creates the partition for a UTC day if it does not exist (also on the audit writer's connection, for a day it meets first). */
    static void ensure(Connection c, LocalDate day) throws SQLException {
        AuditJdbc.execute(c, "CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF decision_log FOR VALUES FROM ('"
                + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
    }

    /** Drops every partition whose whole day ended before {@code cutoff}; returns their names. */
    List<String> applyRetention(Connection c, Instant cutoff) throws SQLException {
        List<String> dropped = new ArrayList<>();
        LocalDate lastWholeDay = LocalDate.ofInstant(cutoff, ZoneOffset.UTC).minusDays(1);
        for (String partition : partitions(c)) {
            LocalDate day = LocalDate.parse(partition.substring("decision_log_p".length()), NAME);
            if (day.isAfter(lastWholeDay)) {
                continue;
            }
            AuditJdbc.execute(c, "ALTER TABLE decision_log DETACH PARTITION " + partition + " CONCURRENTLY");
            // Anchored after detaching: a detached table takes no more rows, so its last link is final.
            AuditJdbc.update(c, "INSERT INTO audit_chain_anchor (seq, hash, partition, dropped_at)"
                    + " SELECT seq, hash, ?, now() FROM " + partition + " ORDER BY seq DESC LIMIT 1 ON CONFLICT DO NOTHING",
                    AuditJdbc.values(partition));
            AuditJdbc.execute(c, "DROP TABLE " + partition);
            AuditJdbc.update(c, "DELETE FROM command_registry WHERE decided_at < ?",
                    AuditJdbc.values(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            dropped.add(partition);
            LOG.infof("Retention: dropped audit partition %s", partition);
        }
        if (!dropped.isEmpty()) {
            auditLog.forgetRecent();
        }
        return dropped;
    }

    private static List<String> partitions(Connection c) throws SQLException {
        return AuditJdbc.query(c, "SELECT child.relname FROM pg_inherits"
                + " JOIN pg_class parent ON parent.oid = pg_inherits.inhparent"
                + " JOIN pg_class child ON child.oid = pg_inherits.inhrelid"
                + " WHERE parent.relname = 'decision_log' ORDER BY child.relname", AuditJdbc.Parameters.NONE, rs -> {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        if (rs.getString(1).matches("decision_log_p\\d{8}")) {
                            names.add(rs.getString(1));
                        }
                    }
                    return names;
                });
    }

    static String name(LocalDate day) {
        return "decision_log_p" + NAME.format(day);
    }

    /** Runs retention now against a cutoff (the hourly job uses now minus retention; tests pass their own). */
    public List<String> dropOlderThan(Instant cutoff) {
        return autocommit(c -> applyRetention(c, cutoff));
    }

    /** Explicitly in autocommit: {@code DETACH PARTITION … CONCURRENTLY} cannot run inside a transaction block. */
    private <T> T autocommit(AuditJdbc.Work<T> work) {
        return sql.read(c -> {
            c.setAutoCommit(true);
            return work.run(c);
        });
    }
}

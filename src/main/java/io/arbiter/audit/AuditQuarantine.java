package io.arbiter.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Keeps an audit entry PostgreSQL refused, and raises the alarm: one row in
 * {@code audit_quarantine} (the record as lossless bytes with its sha256, so PostgreSQL always
 * accepts it), an ERROR log line, the counter {@code arbiter.audit.records.quarantined}, and
 * {@link Degradation}.
 *
 * <p>Runs on the audit writer's thread and connection, in the batch's order, before the caller's
 * future completes: the decision was promised durable, and it is — here. If this insert fails too,
 * the exception goes back to the writer, which journals the entry as it journals any failure.
 * Quarantining the same decision again (a journal drained twice after a crash) changes nothing.
 */
@ApplicationScoped
public class AuditQuarantine {
    private static final Logger LOG = Logger.getLogger(AuditQuarantine.class);
    /** Longest PostgreSQL message kept: it is evidence, not a place for the refused value itself. */
    static final int MAX_ERROR_CHARS = 2000;
    /** Longest command id written to the log: a poison id may be megabytes. */
    static final int MAX_LOGGED_CHARS = 200;

    private final Degradation degradation;
    private final Counter quarantined;

    @Inject
    public AuditQuarantine(Degradation degradation, MeterRegistry metrics) {
        this.degradation = degradation;
        this.quarantined = metrics.counter("arbiter.audit.records.quarantined");
    }

    void store(Connection c, AuditEntry entry, SQLException refusal) throws SQLException {
        byte[] record = LosslessUtf8.encode(entry.record());
        String sha256 = sha256(record);
        String error = escape(refusal.getMessage(), MAX_ERROR_CHARS);
        AuditJdbc.update(c, "INSERT INTO audit_quarantine (decision_id, decided_at, command_id, tenant, record, sha256, sql_state,"
                        + " error) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (decision_id) DO NOTHING",
                AuditJdbc.values(entry.decisionId(), entry.decidedAt().atOffset(ZoneOffset.UTC), LosslessUtf8.encode(entry.commandId()),
                        LosslessUtf8.encode(entry.tenant()), record, sha256, refusal.getSQLState(), error));
        quarantined.increment();
        degradation.quarantined();
        LOG.errorf("Audit record quarantined: PostgreSQL refused decision %s (command id \"%s\") with SQLState %s (%s)."
                        + " It is durable in audit_quarantine (sha256 %s), outside the hash chain; the writer goes on with the rest",
                entry.decisionId(), escape(entry.commandId(), MAX_LOGGED_CHARS), refusal.getSQLState(),
                escape(refusal.getMessage(), MAX_LOGGED_CHARS), sha256);
    }

    static String sha256(byte[] bytes) {
        MessageDigest sha = HashChain.sha256();
        return HexFormat.of().formatHex(sha.digest(bytes));
    }

    /**
     * Printable ASCII as it is, everything else as {@code \\uXXXX} (a NUL, a line break that
     * would forge a log line, a lone surrogate), and at most {@code max} chars of the input.
     */
    static String escape(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 16);
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
                out.append(c);
            } else if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > max) {
            out.append("…(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}

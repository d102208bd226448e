package io.arbiter.audit;

import io.arbiter.decision.CommandEnvelope;
import io.arbiter.routing.DecisionRecordJson;
import io.arbiter.routing.DecisionRecordV1;
import io.arbiter.routing.DecisionV1;
import io.arbiter.text.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * Walks the hash chain and reports the first break.
 *
 * <p>What it proves: every record in the range is the one written (a changed byte changes its
 * hash), none in the range is missing or reordered (each links to its predecessor by seq and
 * hash), the columns queries filter on agree with the hashed record, and — when checking to the
 * end — nothing was cut off after the last record (the chain head says how far it goes). What it
 * cannot prove: that someone able to rewrite the whole chain and its head did not do so. Publish
 * the head hash elsewhere (it is in every report) to close that gap.
 *
 * <p>Quarantined records (refused by PostgreSQL, kept outside the chain) are reported beside it:
 * how many in the window, and which no longer match the sha256 stored with them. A tampered one
 * makes the report not {@code intact}; {@code firstBreak} stays about the chain.
 */
@ApplicationScoped
public class AuditVerifier {
    private final AuditJdbc sql;
    private final QuarantineReader quarantine;

    @Inject
    public AuditVerifier(DataSource dataSource, QuarantineReader quarantine) {
        this.sql = new AuditJdbc(dataSource);
        this.quarantine = quarantine;
    }

    public record Link(long seq, String hash) {
    }

    public record Break(long seq, String decisionId, String problem) {
    }

    public record Report(Instant from, Instant to, Long firstSeq, Long lastSeq, long checked, boolean intact, Link head,
                         Break firstBreak, QuarantineReader.Check quarantine) {
        Report(Instant from, Instant to, Long firstSeq, Long lastSeq, long checked, boolean intact, Link head, Break firstBreak) {
            this(from, to, firstSeq, lastSeq, checked, intact, head, firstBreak, null);
        }

        /** The chain's report with the quarantine's check: intact only if both are. */
        Report with(QuarantineReader.Check q) {
            return new Report(from, to, firstSeq, lastSeq, checked, intact && q.intact(), head, firstBreak, q);
        }
    }

    /** One snapshot for the whole walk and the quarantine's check: rows committed meanwhile are in neither. */
    public Report verify(Instant from, Instant to) {
        return sql.inSnapshot(c -> walk(c, from, to).with(quarantine.check(c, from, to)));
    }

    private Report walk(Connection c, Instant from, Instant to) throws SQLException {
        Long[] range = AuditJdbc.query(c, "SELECT min(seq), max(seq) FROM decision_log"
                        + " WHERE (?::timestamptz IS NULL OR decided_at >= ?) AND (?::timestamptz IS NULL OR decided_at < ?)",
                AuditJdbc.window(from, to), AuditJdbc.single(rs -> new Long[] {(Long) rs.getObject(1), (Long) rs.getObject(2)}));
        Long first = range[0];
        Long last = range[1];
        Link head = head(c);
        if (first == null) {
            boolean truncated = to == null && head.seq() > 0 && from == null;
            return new Report(from, to, null, null, 0, !truncated, head,
                    truncated ? new Break(1, null, "the log is empty but the chain head is at seq " + head.seq()) : null);
        }
        String prev = first == 1 ? HashChain.GENESIS : predecessor(c, first - 1);
        if (prev == null) {
            return new Report(from, to, first, last, 0, false, head,
                    new Break(first - 1, null, "seq " + (first - 1) + " is missing: the record before the range was deleted"));
        }
        return AuditJdbc.stream(c, "SELECT seq, decision_id, decided_at, command_id, command_type,"
                + " business_key, correlation_id, tenant, owner, outcome, revision, record, prev_hash, hash"
                + " FROM decision_log WHERE seq BETWEEN ? AND ? ORDER BY seq", AuditJdbc.values(first, last), rs -> {
                    MessageDigest sha = HashChain.sha256();
                    String prevHash = prev;
                    long expected = first;
                    long checked = 0;
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        String decisionId = rs.getString(2);
                        String problem = null;
                        if (seq != expected) {
                            problem = "seq " + expected + (seq - expected > 1 ? " to " + (seq - 1) : "") + " missing: records were deleted";
                            seq = expected;
                            decisionId = null;
                        } else if (!rs.getString(13).equals(prevHash)) {
                            problem = "prev_hash does not match the hash of seq " + (seq - 1);
                        } else if (!HashChain.link(sha, prevHash, seq, rs.getString(12)).equals(rs.getString(14))) {
                            problem = "the record was changed: its hash does not match its content";
                        } else {
                            problem = columnsDisagree(rs);
                        }
                        if (problem != null) {
                            return new Report(from, to, first, last, checked, false, head, new Break(seq, decisionId, problem));
                        }
                        prevHash = rs.getString(14);
                        expected++;
                        checked++;
                    }
                    if (to == null && head.seq() > last) {
                        return new Report(from, to, first, last, checked, false, head, new Break(last + 1, null,
                                "seq " + (last + 1) + " to " + head.seq() + " missing: the newest records were deleted"));
                    }
                    return new Report(from, to, first, last, checked, true, head, null);
                });
    }

    /** The filter columns are copies of record fields; a changed copy would make queries lie. */
    private static String columnsDisagree(ResultSet rs) throws SQLException {
        DecisionRecordV1 record;
        try {
            record = DecisionRecordJson.read(rs.getString(12));
        } catch (IOException e) {
            return "the record is not a decision record: " + TextRules.escape(e.getMessage().lines().findFirst().orElse(""));
        }
        CommandEnvelope input = record.input();
        DecisionV1 result = record.result();
        String[][] pairs = {
                {"decision_id", rs.getString(2), record.decisionId()},
                {"decided_at", rs.getTimestamp(3).toInstant().toString(), String.valueOf(record.timestamp())},
                {"command_id", rs.getString(4), field(input, CommandEnvelope::commandId)},
                {"command_type", rs.getString(5), field(input, CommandEnvelope::type)},
                {"business_key", rs.getString(6), field(input, CommandEnvelope::businessKey)},
                {"correlation_id", rs.getString(7), field(input, CommandEnvelope::correlationId)},
                {"tenant", rs.getString(8), field(input, CommandEnvelope::tenant)},
                {"owner", rs.getString(9), field(result, DecisionV1::owner)},
                {"outcome", rs.getString(10), field(result, r -> r.outcome() == null ? null : r.outcome().name())},
                {"revision", Integer.toString(rs.getInt(11)), record.revision() == null ? null : record.revision().toString()}};
        for (String[] p : pairs) {
            if (!Objects.equals(p[1], p[2])) {
                return "column " + p[0] + " (" + p[1] + ") differs from the record (" + p[2] + ")";
            }
        }
        return null;
    }

    /** A field of a part the record may lack (a record is only required to be JSON with the columns' values). */
    private static <T> String field(T part, Function<T, String> field) {
        return part == null ? null : field.apply(part);
    }

    private static String predecessor(Connection c, long seq) throws SQLException {
        return AuditJdbc.query(c, "SELECT hash FROM decision_log WHERE seq = ? UNION ALL SELECT hash FROM audit_chain_anchor WHERE seq = ?",
                AuditJdbc.values(seq, seq), AuditJdbc.first(rs -> rs.getString(1))).orElse(null);
    }

    private static Link head(Connection c) throws SQLException {
        return AuditJdbc.query(c, "SELECT seq, hash FROM audit_chain_head", AuditJdbc.Parameters.NONE,
                AuditJdbc.single(rs -> new Link(rs.getLong(1), rs.getString(2))));
    }
}

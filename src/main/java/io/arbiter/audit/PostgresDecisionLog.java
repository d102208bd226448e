package io.arbiter.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arbiter.database.StoreException;
import io.arbiter.decision.Decision;
import io.arbiter.decision.DecisionLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** Writes each decision in its own committed transaction before the caller gets it. */
@ApplicationScoped
public class PostgresDecisionLog implements DecisionLog {
    static final String INSERT = "INSERT INTO decision_log (decision_id, command_id, decided_at, revision, outcome, owner,"
            + " envelope, result, matched_rules, latency_micros) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)";

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Override
    public void record(Decision d) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(true);
            ps.setObject(1, d.decisionId());
            ps.setString(2, d.envelope().commandId());
            ps.setTimestamp(3, Timestamp.from(d.decidedAt()));
            ps.setInt(4, d.revision());
            ps.setString(5, d.result().outcome().name());
            ps.setString(6, d.result().owner());
            ps.setString(7, json.writeValueAsString(d.envelope()));
            ps.setString(8, json.writeValueAsString(new AuditRecord.Result(d.bucket(), d.result())));
            ps.setArray(9, c.createArrayOf("text", d.result().matchedRules().toArray()));
            ps.setLong(10, d.latencyMicros());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise decision " + d.decisionId(), e);
        }
    }
}

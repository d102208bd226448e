package io.arbiter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arbiter.database.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the audit log. */
@ApplicationScoped
public class AuditLog {
    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public Optional<AuditRecord> find(UUID decisionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT decision_id, command_id, decided_at, revision, outcome, owner, matched_rules, latency_micros,"
                        + " envelope::text, result::text FROM decision_log WHERE decision_id = ?")) {
            ps.setObject(1, decisionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Array rules = rs.getArray(7);
                return Optional.of(new AuditRecord((UUID) rs.getObject(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getInt(4), rs.getString(5), rs.getString(6), List.of((String[]) rules.getArray()),
                        rs.getLong(8), json.readTree(rs.getString(9)), json.readTree(rs.getString(10))));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable audit record " + decisionId, e);
        }
    }
}

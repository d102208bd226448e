package io.arbiter.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arbiter.database.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the quarantine for auditors: one decision, a page, the sha256 check verify runs, and the
 * gauge {@code arbiter.audit.quarantine.records}.
 *
 * <p>A quarantined decision is served as {@code "quarantined": true}, a {@code quarantine} object
 * (why and when, its sha256 and its exact bytes in base64 to check it against), and then the
 * record's own fields as {@code GET /v1/decisions/{id}} serves them — parsed leniently (a raw
 * control character is what gets a record quarantined) — or, if it is not a JSON object at all,
 * the record as one string. Every non-ASCII char is written as {@code \\uXXXX}: valid JSON whatever
 * the record holds, and a lone surrogate comes back as the lone surrogate it was.
 */
@ApplicationScoped
@Startup
public class QuarantineReader {
    private static final Logger LOG = Logger.getLogger(QuarantineReader.class);
    /** Tampered rows named in one verify report; the count is always complete. */
    static final int MAX_TAMPERED_LISTED = 100;
    private static final String COLUMNS = "id, decision_id, decided_at, command_id, tenant, record, sha256, sql_state, error, quarantined_at";

    private final AuditJdbc sql;
    private final ObjectMapper json;
    private volatile double rows = Double.NaN;

    /** What verify found in the quarantine: how many rows, and which no longer match their sha256. */
    public record Check(long records, long tamperedCount, List<String> tampered, boolean intact) {
    }

    @Inject
    public QuarantineReader(DataSource dataSource, ObjectMapper json, MeterRegistry metrics) {
        this.sql = new AuditJdbc(dataSource);
        this.json = json;
        metrics.gauge("arbiter.audit.quarantine.records", this, r -> r.rows);
    }

    /**
     * Counts the quarantine for the gauge, off the scrape's path (a scrape must not wait on
     * PostgreSQL). While PostgreSQL cannot be asked, the last count stays: the table only grows
     * unless an operator removes rows.
     */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshCount() {
        try {
            rows = sql.query("SELECT count(*) FROM audit_quarantine", AuditJdbc.Parameters.NONE, AuditJdbc.single(rs -> rs.getLong(1)));
        } catch (StoreException e) {
            LOG.debugf("Quarantine not counted: %s", e.getCause().getMessage());
        }
    }

    /** A quarantined decision; with {@code tenant}, only if it is that tenant's (the same rule as the audit log). */
    public Optional<String> find(UUID decisionId, String tenant) {
        return sql.query("SELECT " + COLUMNS + " FROM audit_quarantine WHERE decision_id = ?" + (tenant == null ? "" : " AND tenant = ?"),
                tenant == null ? AuditJdbc.values(decisionId) : AuditJdbc.values(decisionId, LosslessUtf8.encode(tenant)),
                AuditJdbc.first(this::render));
    }

    /** Quarantined decisions, newest first; the cursor is the last row's id. */
    public AuditReader.Page page(String tenant, int limit, Long beforeId) {
        String query = "SELECT " + COLUMNS + " FROM audit_quarantine WHERE (?::bigint IS NULL OR id < ?)"
                + (tenant == null ? "" : " AND tenant = ?") + " ORDER BY id DESC LIMIT " + (limit + 1);
        return sql.query(query, tenant == null ? AuditJdbc.values(beforeId, beforeId)
                : AuditJdbc.values(beforeId, beforeId, LosslessUtf8.encode(tenant)), AuditReader.Page.of(limit, this::render));
    }

    /**
     * Recomputes every quarantined record's sha256 over its stored bytes, for decisions in
     * [from, to) (null: open), on the caller's connection and snapshot.
     */
    Check check(Connection c, Instant from, Instant to) throws SQLException {
        return AuditJdbc.stream(c, "SELECT decision_id, record, sha256 FROM audit_quarantine"
                + " WHERE (?::timestamptz IS NULL OR decided_at >= ?) AND (?::timestamptz IS NULL OR decided_at < ?) ORDER BY id",
                AuditJdbc.window(from, to), rs -> {
                    long records = 0;
                    long tamperedCount = 0;
                    List<String> tampered = new ArrayList<>();
                    while (rs.next()) {
                        records++;
                        if (!AuditQuarantine.sha256(rs.getBytes(2)).equals(rs.getString(3))) {
                            tamperedCount++;
                            if (tampered.size() < MAX_TAMPERED_LISTED) {
                                tampered.add(rs.getString(1));
                            }
                        }
                    }
                    return new Check(records, tamperedCount, tampered, tamperedCount == 0);
                });
    }

    private String render(ResultSet rs) throws SQLException {
        byte[] bytes = rs.getBytes(6);
        String record = LosslessUtf8.decode(bytes);
        StringWriter out = new StringWriter(bytes.length * 2 + 512);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.setHighestNonEscapedChar(127);
            g.writeStartObject();
            g.writeBooleanField("quarantined", true);
            g.writeObjectFieldStart("quarantine");
            g.writeStringField("sha256", rs.getString(7));
            g.writeStringField("sqlState", rs.getString(8));
            g.writeStringField("error", rs.getString(9));
            g.writeStringField("quarantinedAt", rs.getTimestamp(10).toInstant().toString());
            g.writeStringField("decidedAt", rs.getTimestamp(3).toInstant().toString());
            g.writeStringField("commandId", LosslessUtf8.decode(rs.getBytes(4)));
            g.writeStringField("tenant", LosslessUtf8.decode(rs.getBytes(5)));
            g.writeStringField("recordBase64", Base64.getEncoder().encodeToString(bytes));
            g.writeEndObject();
            JsonNode parsed = parse(record);
            if (parsed != null && parsed.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = parsed.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    g.writeFieldName(field.getKey());
                    json.writeTree(g, field.getValue());
                }
            } else {
                g.writeStringField("record", record);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private JsonNode parse(String record) {
        try {
            return json.reader().with(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).readTree(record);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

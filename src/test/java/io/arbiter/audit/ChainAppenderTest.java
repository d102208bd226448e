package io.arbiter.audit;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chain append against the real audit_append: two appenders on two connections are two
 * writers sharing one database (replicas), each holding its own view of the chain head.
 */
@QuarkusTest
class ChainAppenderTest {

    @Inject
    DataSource dataSource;

    @Inject
    AuditVerifier verifier;

    @Test
    void aWriterWhoseHeadAnotherWriterMovedReadsItAgainAndAppendsAfterIt() throws Exception {
        ChainAppender a = new ChainAppender();
        ChainAppender b = new ChainAppender();
        try (Connection ca = dataSource.getConnection(); Connection cb = dataSource.getConnection()) {
            List<AuditEntry> first = List.of(entry(), entry());
            List<AuditEntry> second = List.of(entry(), entry());
            List<AuditEntry> third = List.of(entry(), entry(), entry());
            assertEquals(Map.of(), a.append(ca, first, true));
            assertEquals(Map.of(), b.append(cb, second, true)); // moves the head a holds
            assertEquals(Map.of(), a.append(ca, third, true));

            List<UUID> expected = new ArrayList<>();
            for (List<AuditEntry> batch : List.of(first, second, third)) {
                batch.forEach(e -> expected.add(e.decisionId()));
            }
            assertEquals(expected, chainOrder(expected), "every batch appended, in the order the writers committed them");
            long[] seqs = seqs(expected);
            for (int i = 1; i < seqs.length; i++) {
                assertEquals(seqs[i - 1] + 1, seqs[i], "consecutive seqs: no gap, no fork");
            }
        }
        AuditVerifier.Report report = verifier.verify(null, null);
        assertTrue(report.intact(), () -> "the chain verifies: " + report.firstBreak());
    }

    @Test
    void aBatchHoldingACommandIdDecidedBeforeWritesNothingAndReturnsTheOriginalRecord() throws Exception {
        ChainAppender appender = new ChainAppender();
        try (Connection c = dataSource.getConnection()) {
            AuditEntry original = entry();
            appender.append(c, List.of(original), true);
            AuditEntry other = entry();
            AuditEntry again = entry(original.commandId());

            Map<String, String> decidedBefore = appender.append(c, List.of(other, again), true);
            assertEquals(Map.of(original.commandId(), original.record()), decidedBefore);
            assertEquals(List.of(original.decisionId()), chainOrder(List.of(original.decisionId(), other.decisionId(), again.decisionId())),
                    "nothing of that batch was written");

            assertEquals(Map.of(), appender.append(c, List.of(other), true), "the rest goes on its own");
            assertEquals(List.of(original.decisionId(), other.decisionId()), chainOrder(List.of(original.decisionId(), other.decisionId())));
        }
    }

    @Test
    void withoutRegisteringAnAnsweredDecisionIsStoredEvenIfItsCommandIdWasDecidedBefore() throws Exception {
        ChainAppender appender = new ChainAppender();
        try (Connection c = dataSource.getConnection()) {
            AuditEntry original = entry();
            appender.append(c, List.of(original), true);
            AuditEntry journaled = entry(original.commandId()); // decided during an outage, answered from the journal

            assertEquals(Map.of(), appender.append(c, List.of(journaled), false));
            assertEquals(List.of(original.decisionId(), journaled.decisionId()),
                    chainOrder(List.of(original.decisionId(), journaled.decisionId())), "both decisions are kept");
        }
    }

    static AuditEntry entry() {
        return entry(UUID.randomUUID().toString());
    }

    static AuditEntry entry(String commandId) {
        return entry(commandId, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    static AuditEntry entry(String commandId, Instant at) {
        return AuditEntries.verifiable(commandId, null, at);
    }

    List<UUID> chainOrder(List<UUID> ids) throws Exception {
        List<UUID> ordered = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT decision_id FROM decision_log WHERE decision_id = ANY(?::uuid[]) ORDER BY seq")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ordered.add((UUID) rs.getObject(1));
                }
            }
        }
        return ordered;
    }

    long[] seqs(List<UUID> ids) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM decision_log WHERE decision_id = ANY(?::uuid[]) ORDER BY seq")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                List<Long> seqs = new ArrayList<>();
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
                return seqs.stream().mapToLong(Long::longValue).toArray();
            }
        }
    }
}

package io.arbiter.ruleset;

import io.arbiter.database.Transactions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The revision store on its entities: numbering, bytes, and rows the JDBC store wrote before it. */
@QuarkusTest
class RuleSetStoreTest {
    @Inject
    RuleSetStore store;

    @Inject
    DataSource dataSource;

    /** Every byte value, NUL and bytes that are never UTF-8 included: a file is bytes, not text. */
    static final byte[] EVERY_BYTE = new byte[512];

    static {
        for (int i = 0; i < EVERY_BYTE.length; i++) {
            EVERY_BYTE[i] = (byte) (255 - i % 256);
        }
    }

    @Test
    void revisionNumbersAreAssignedByTheStoreOneAfterAnotherWhenUploadsRace() throws Exception {
        int uploads = 4;
        CyclicBarrier together = new CyclicBarrier(uploads);
        ExecutorService threads = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<Integer>> stored = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                String note = "race " + i;
                stored.add(threads.submit(() -> {
                    together.await();
                    return Transactions.call(() -> store.insert(List.of(RuleSets.file("race.drl", note)), "sha", 0, 1, note,
                            "test", null, Instant.now())).revision();
                }));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<Integer> f : stored) {
                numbers.add(f.get());
            }
            numbers.sort(null);
            int first = numbers.get(0);
            assertEquals(IntStream.range(first, first + uploads).boxed().toList(), numbers, "distinct and without gaps");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFilesBytesComeBackExactlyAsStoredWhateverTheyHold() {
        RuleSetRevision stored = Transactions.call(() -> store.insert(List.of(new RuleSetFile("bytes.drl", EVERY_BYTE)),
                "sha", 0, 1, "every byte", "test", null, Instant.now()));

        List<RuleSetFile> files = Transactions.call(() -> store.files(stored.revision()));
        assertEquals(1, files.size());
        assertArrayEquals(EVERY_BYTE, files.get(0).content());
        assertEquals(EVERY_BYTE.length, stored.files().get(0).size());
        assertEquals(new RuleSetFile("bytes.drl", EVERY_BYTE).sha256(), stored.files().get(0).sha256());
        assertEquals(stored, Transactions.call(() -> store.find(stored.revision())).orElseThrow(),
                "what the upload returns is what a later read sees (microseconds included)");
    }

    /**
     * A revision, its files and an activation written with the JDBC store's own statements read
     * back unchanged. Written and read in one transaction that is rolled back: nothing stays.
     */
    @Test
    void aRevisionWrittenByTheJdbcStoreReadsBackUnchanged() throws SQLException {
        Instant created = Instant.parse("2026-11-22T10:35:22.963370Z");
        Instant activated = Instant.parse("2026-11-22T10:36:01.000001Z");
        byte[] table = "RuleSet,io.arbiter.legacy\n,\nRuleTable Ünïcode ✓\n".getBytes(StandardCharsets.UTF_8);
        QuarkusTransaction.begin();
        try {
            int revision = store.list().get(0).revision() + 1;
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ruleset_revision"
                        + " (revision, status, sha256, rule_count, base_revision, note, created_at, activated_at, created_by, created_by_subject)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setInt(1, revision);
                    ps.setString(2, "RETIRED");
                    ps.setString(3, "abc123");
                    ps.setInt(4, 7);
                    ps.setObject(5, 1);
                    ps.setString(6, "a note — with ✓ and \"quotes\"");
                    ps.setTimestamp(7, Timestamp.from(created));
                    ps.setTimestamp(8, Timestamp.from(activated));
                    ps.setString(9, "Ann Analyst");
                    ps.setString(10, null);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ruleset_file (revision, name, sha256, content) VALUES (?, ?, ?, ?)")) {
                    for (RuleSetFile f : List.of(new RuleSetFile("b.drl", EVERY_BYTE), new RuleSetFile("a.drl.csv", table))) {
                        ps.setInt(1, revision);
                        ps.setString(2, f.name());
                        ps.setString(3, f.sha256());
                        ps.setBytes(4, f.content());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ruleset_activation (revision, previous_revision,"
                        + " activated_at, kind, activated_by, simulation_id, override_reason, break_glass)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setInt(1, revision);
                    ps.setObject(2, 1);
                    ps.setTimestamp(3, Timestamp.from(activated));
                    ps.setString(4, "ACTIVATION");
                    ps.setString(5, "carol");
                    ps.setObject(6, (UUID) null);
                    ps.setString(7, "INC-4711: hotfix");
                    ps.setBoolean(8, true);
                    ps.executeUpdate();
                }
            }

            RuleSetRevision read = store.find(revision).orElseThrow();
            assertEquals(new RuleSetRevision(revision, RuleSetRevision.Status.RETIRED, "abc123", 7, 1,
                    "a note — with ✓ and \"quotes\"", "Ann Analyst", null, created, activated,
                    List.of(new RuleSetRevision.FileInfo("a.drl.csv", new RuleSetFile("a", table).sha256(), table.length),
                            new RuleSetRevision.FileInfo("b.drl", new RuleSetFile("b", EVERY_BYTE).sha256(), EVERY_BYTE.length))),
                    read);
            List<RuleSetFile> files = store.files(revision);
            assertEquals(List.of("a.drl.csv", "b.drl"), files.stream().map(RuleSetFile::name).toList());
            assertArrayEquals(table, files.get(0).content());
            assertArrayEquals(EVERY_BYTE, files.get(1).content());
            assertEquals(read, store.list().stream().filter(r -> r.revision() == revision).findFirst().orElseThrow());
            Activation activation = store.activations(1).get(0);
            assertEquals(revision, activation.revision());
            assertEquals(1, activation.previousRevision());
            assertEquals(activated, activation.activatedAt());
            assertEquals(Activation.Kind.ACTIVATION, activation.kind());
            assertEquals("carol", activation.activatedBy());
            assertNull(activation.simulationId());
            assertEquals("INC-4711: hotfix", activation.overrideReason());
            assertTrue(activation.breakGlass());
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}

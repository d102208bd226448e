package io.arbiter.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecentCommandsTest {

    @Test
    void aRememberedCommandGivesBackItsRecordAndAnUnknownOneNothing() {
        RecentCommands recent = new RecentCommands(4, 1024);
        recent.put("cmd-1", "{\"decision_id\":\"d1\"}");
        recent.put("cmd-2", "{\"decision_id\":\"d2\"}");
        assertEquals("{\"decision_id\":\"d1\"}", recent.get("cmd-1"));
        assertEquals("{\"decision_id\":\"d2\"}", recent.get("cmd-2"));
        assertNull(recent.get("cmd-3"));
        assertNull(recent.get("cmd-"), "a prefix of a remembered id is another id");
    }

    @Test
    void theOldestCommandsAreForgottenPastTheCount() {
        RecentCommands recent = new RecentCommands(3, 1 << 16);
        for (int i = 1; i <= 5; i++) {
            recent.put("cmd-" + i, "record " + i);
        }
        assertNull(recent.get("cmd-1"));
        assertNull(recent.get("cmd-2"));
        assertEquals("record 3", recent.get("cmd-3"));
        assertEquals("record 5", recent.get("cmd-5"));
    }

    @Test
    void theOldestCommandsAreForgottenPastTheBytesEvenUnderTheCount() {
        RecentCommands recent = new RecentCommands(100, 100);
        recent.put("a", "x".repeat(39)); // 40 bytes
        recent.put("b", "y".repeat(39)); // 80
        recent.put("c", "z".repeat(39)); // 120: written over the first 20 bytes of "a"
        assertNull(recent.get("a"));
        assertEquals("y".repeat(39), recent.get("b"));
        assertEquals("z".repeat(39), recent.get("c"), "a record written round the end of the ring reads back whole");
    }

    @Test
    void bytesWrittenOverAreNeverReadBackEvenWhereTheNewBytesBeginLikeTheOldId() {
        RecentCommands recent = new RecentCommands(10, 10);
        recent.put("k", "aaaa");  // ring bytes 0..4
        recent.put("m", "bbbb");  // 5..9
        recent.put("kq", "ccc");  // 10..14, i.e. 0..4 again: "kqccc" where "kaaaa" was
        assertNull(recent.get("k"));
        assertEquals("ccc", recent.get("kq"));
        assertEquals("bbbb", recent.get("m"));
    }

    @Test
    void aRecordLargerThanTheWholeMemoryIsNotRememberedAndForgetsNothing() {
        RecentCommands recent = new RecentCommands(10, 64);
        recent.put("small", "fits");
        recent.put("huge", "h".repeat(64));
        assertNull(recent.get("huge"));
        assertEquals("fits", recent.get("small"));
    }

    @Test
    void rememberingACommandAgainReplacesItsRecord() {
        RecentCommands recent = new RecentCommands(4, 1024);
        recent.put("cmd-1", "first");
        recent.put("cmd-1", "second");
        assertEquals("second", recent.get("cmd-1"));
        for (int i = 0; i < 3; i++) {
            recent.put("other-" + i, "o");
        }
        assertEquals("second", recent.get("cmd-1"), "the replaced entry does not count against the newer one");
    }

    @Test
    void clearForgetsEverythingAndLaterCommandsAreRemembered() {
        RecentCommands recent = new RecentCommands(4, 1024);
        recent.put("cmd-1", "one");
        recent.clear();
        assertNull(recent.get("cmd-1"));
        recent.put("cmd-2", "two");
        assertEquals("two", recent.get("cmd-2"));
        assertNull(recent.get("cmd-1"));
    }

    @Test
    void aCapacityOfZeroRemembersNothing() {
        RecentCommands recent = RecentCommands.of(0);
        recent.put("cmd-1", "one");
        assertNull(recent.get("cmd-1"));
    }

    @Test
    void nonAsciiIdsAndRecordsRoundTrip() {
        RecentCommands recent = new RecentCommands(4, 1024);
        recent.put("commande-é-№7", "{\"owner\":\"zählung — ✓\"}");
        assertEquals("{\"owner\":\"zählung — ✓\"}", recent.get("commande-é-№7"));
        assertNull(recent.get("commande-e-№7"));
    }

    @Test
    void impossibleSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RecentCommands(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new RecentCommands(10, 0));
    }

    /**
     * Against a plain model over a long random run: ids repeat, records vary in size so both the
     * count and the byte bound forget entries, the index is rebuilt many times over, and the
     * memory is cleared now and then.
     */
    @Test
    void aLongRandomRunAnswersExactlyAsTheModel() {
        int capacity = 64;
        int ringBytes = 64 * 40;
        RecentCommands recent = new RecentCommands(capacity, ringBytes);
        Model model = new Model(capacity, ringBytes);
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            String id = "cmd-" + random.nextInt(300);
            int action = random.nextInt(100);
            if (action < 45) {
                String record = "r" + step + "-" + "x".repeat(random.nextInt(80));
                recent.put(id, record);
                model.put(id, record);
            } else if (action < 99) {
                assertEquals(model.get(id), recent.get(id), "step " + step + ", " + id);
            } else if (random.nextInt(20) == 0) {
                recent.clear();
                model.clear();
            }
        }
    }

    /** The specification, written the obvious way: every entry kept, liveness decided on each lookup. */
    private static final class Model {
        private record Entry(String id, String record, long start, long seq) {
        }

        private final int capacity;
        private final int ringBytes;
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, Entry> latest = new HashMap<>();
        private long written;
        private long seq;
        private long firstSeq;

        Model(int capacity, int ringBytes) {
            this.capacity = capacity;
            this.ringBytes = ringBytes;
        }

        void put(String id, String record) {
            int length = id.getBytes(StandardCharsets.UTF_8).length + record.getBytes(StandardCharsets.UTF_8).length;
            if (length > ringBytes) {
                return;
            }
            Entry entry = new Entry(id, record, written, seq++);
            written += length;
            entries.add(entry);
            latest.put(id, entry);
        }

        String get(String id) {
            Entry entry = latest.get(id);
            boolean live = entry != null && entry.seq() >= firstSeq && entry.seq() >= seq - capacity
                    && entry.start() >= written - ringBytes;
            return live ? entry.record() : null;
        }

        void clear() {
            firstSeq = seq;
        }
    }
}

package io.arbiter.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The most recently decided command ids with their audit records, bounded by count and by bytes:
 * what answers a retry without a database round trip, and while PostgreSQL is unreachable. The
 * oldest entries are forgotten first.
 *
 * <p>Why not a map of strings: at thousands of decisions a second each remembered record lives a
 * few seconds — long enough to be copied by several young collections and then promoted, never
 * long enough to stay. Measured, that made G1's young pauses 5–15 ms instead of 2–4 ms (every
 * request in flight waits them out) and filled the old generation with garbage. Here the records
 * are bytes in one ring allocated once, indexed by primitive arrays: remembering a decision leaves
 * nothing behind for the collector.
 *
 * <p>Layout: entry number {@code seq} (0, 1, 2, … in the order remembered) uses slot
 * {@code seq % capacity} and the bytes {@code [start, start + key + record)} of a logical byte
 * stream written round the ring. An entry is live while its slot has not been reused, its bytes
 * have not been written over, and it was not replaced or cleared. The index is an open-addressing
 * table of {@code seq + 1} (0 = empty) probed linearly; dead entries stay in it until it is rebuilt
 * from the live ones, every {@code capacity} entries, which keeps it at most half full.
 */
final class RecentCommands {
    /** Ring bytes per remembered command: records are ~1.5 KB; larger ones shorten the memory. */
    static final int BYTES_PER_COMMAND = 2048;

    private final int capacity;
    private final byte[] ring;
    private final long[] slotStart;
    private final int[] slotKeyLength;
    private final int[] slotRecordLength;
    private final int[] slotHash;
    private final boolean[] slotReplaced;
    private final long[] table;
    private final int mask;
    private long nextSeq;
    private long firstSeq;
    private long written;
    private int sinceRebuild;

    /** Up to {@code capacity} commands in {@code capacity × 2 KiB} of records. */
    static RecentCommands of(int capacity) {
        return new RecentCommands(capacity, (int) Math.min(Integer.MAX_VALUE - 8, (long) capacity * BYTES_PER_COMMAND));
    }

    RecentCommands(int capacity, int ringBytes) {
        if (capacity < 0 || capacity > 1 << 26 || (capacity > 0 && ringBytes <= 0)) {
            throw new IllegalArgumentException("capacity must be 0.." + (1 << 26) + " and the ring not empty: " + capacity + ", " + ringBytes);
        }
        this.capacity = capacity;
        this.ring = new byte[capacity == 0 ? 0 : ringBytes];
        this.slotStart = new long[capacity];
        this.slotKeyLength = new int[capacity];
        this.slotRecordLength = new int[capacity];
        this.slotHash = new int[capacity];
        this.slotReplaced = new boolean[capacity];
        int size = Integer.highestOneBit(Math.max(1, capacity) * 4 - 1) << 1; // a power of two ≥ 4 × capacity
        this.table = new long[size];
        this.mask = size - 1;
    }

    /** The record remembered for {@code commandId}, or null. */
    synchronized String get(String commandId) {
        if (capacity == 0) {
            return null;
        }
        byte[] key = commandId.getBytes(StandardCharsets.UTF_8);
        long seq = find(key, hash(key));
        if (seq < 0) {
            return null;
        }
        int slot = slot(seq);
        return new String(read(slotStart[slot] + key.length, slotRecordLength[slot]), StandardCharsets.UTF_8);
    }

    /** Remembers {@code record} for {@code commandId}, replacing what was remembered for it. */
    synchronized void put(String commandId, String record) {
        if (capacity == 0) {
            return;
        }
        byte[] key = commandId.getBytes(StandardCharsets.UTF_8);
        byte[] value = record.getBytes(StandardCharsets.UTF_8);
        if ((long) key.length + value.length > ring.length) {
            return; // larger than the whole memory: not remembered
        }
        int hash = hash(key);
        long existing = find(key, hash);
        if (existing >= 0) {
            slotReplaced[slot(existing)] = true;
        }
        if (sinceRebuild == capacity) {
            rebuild();
        }
        long seq = nextSeq++;
        int slot = slot(seq);
        slotStart[slot] = written;
        slotKeyLength[slot] = key.length;
        slotRecordLength[slot] = value.length;
        slotHash[slot] = hash;
        slotReplaced[slot] = false;
        write(key);
        write(value);
        index(seq, hash);
        sinceRebuild++;
    }

    /** Forgets every command. */
    synchronized void clear() {
        firstSeq = nextSeq;
        Arrays.fill(table, 0);
        sinceRebuild = 0;
    }

    private long find(byte[] key, int hash) {
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long cell = table[i];
            if (cell == 0) {
                return -1;
            }
            long seq = cell - 1;
            if (live(seq) && slotHash[slot(seq)] == hash && keyEquals(seq, key)) {
                return seq;
            }
        }
    }

    /** Into the first empty or dead cell of the probe sequence: live entries are never displaced. */
    private void index(long seq, int hash) {
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long cell = table[i];
            if (cell == 0 || !live(cell - 1)) {
                table[i] = seq + 1;
                return;
            }
        }
    }

    private void rebuild() {
        Arrays.fill(table, 0);
        for (long seq = Math.max(firstSeq, nextSeq - capacity); seq < nextSeq; seq++) {
            if (live(seq)) {
                index(seq, slotHash[slot(seq)]);
            }
        }
        sinceRebuild = 0;
    }

    private boolean live(long seq) {
        int slot = slot(seq);
        return seq >= firstSeq && seq >= nextSeq - capacity && !slotReplaced[slot] && slotStart[slot] >= written - ring.length;
    }

    private boolean keyEquals(long seq, byte[] key) {
        int slot = slot(seq);
        if (slotKeyLength[slot] != key.length) {
            return false;
        }
        long start = slotStart[slot];
        for (int j = 0; j < key.length; j++) {
            if (ring[(int) ((start + j) % ring.length)] != key[j]) {
                return false;
            }
        }
        return true;
    }

    private void write(byte[] bytes) {
        int at = (int) (written % ring.length);
        int first = Math.min(bytes.length, ring.length - at);
        System.arraycopy(bytes, 0, ring, at, first);
        System.arraycopy(bytes, first, ring, 0, bytes.length - first);
        written += bytes.length;
    }

    private byte[] read(long start, int length) {
        byte[] bytes = new byte[length];
        int at = (int) (start % ring.length);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(ring, at, bytes, 0, first);
        System.arraycopy(ring, 0, bytes, first, length - first);
        return bytes;
    }

    private int slot(long seq) {
        return (int) (seq % capacity);
    }

    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}

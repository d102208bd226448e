package io.arbiter.decision;

import java.nio.charset.StandardCharsets;

/**
 * The stable rollout bucket 0–99 of a key: unsigned murmur3_32 (x86, seed 0) of its UTF-8 bytes, mod 100.
 *
 * <p>Stable across restarts, replicas, revisions and replays, and cheap for a gateway to compute
 * itself (Guava's {@code Hashing.murmur3_32_fixed()}, Python's {@code mmh3.hash(key, signed=False)}).
 */
public final class Bucket {
    private Bucket() {
    }

    public static int of(String key) {
        return (int) (Integer.toUnsignedLong(murmur3(key.getBytes(StandardCharsets.UTF_8))) % 100);
    }

    static int murmur3(byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8
                    | (data[4 * i + 2] & 0xff) << 16 | (data[4 * i + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            case 1:
                k ^= data[tail] & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
            default:
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}

package io.arbiter.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash chain's arithmetic, shared by the writer that links records and the verifier that checks them. */
final class HashChain {
    /** The link before seq 1. */
    static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /** hash = hex(sha256(prev_hash + "\n" + seq + "\n" + record)). */
    static String link(MessageDigest sha, String prev, long seq, String record) {
        sha.reset();
        sha.update((prev + "\n" + seq + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(record.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.arbiter.ruleset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** One file of a rule set, byte for byte as uploaded. Its name decides its kind and its precedence. */
public record RuleSetFile(String name, byte[] content) {

    public enum Kind { XLSX, XLS, CSV, DRL }

    public Kind kind() {
        return kindOf(name);
    }

    /** The kind a file name denotes, or null for a name Arbiter does not accept. */
    public static Kind kindOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".drl.xlsx")) {
            return Kind.XLSX;
        }
        if (lower.endsWith(".drl.xls")) {
            return Kind.XLS;
        }
        if (lower.endsWith(".drl.csv")) {
            return Kind.CSV;
        }
        if (lower.endsWith(".drl")) {
            return Kind.DRL;
        }
        return null;
    }

    public boolean isTable() {
        return kind() != Kind.DRL;
    }

    public String sha256() {
        return sha256(content);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

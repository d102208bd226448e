package io.arbiter.ruleset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** One file of a rule set, byte for byte as uploaded. Its name decides its kind and its precedence. */
public record RuleSetFile(String name, byte[] content) {

    public enum Kind { XLSX, XLS, CSV, DRL }

    /** How a file is addressed later (in URLs, in errors): letters, digits, '.', '-', '_' and spaces, no path. */
    private static final Pattern ADDRESSABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,200}");
    static final String ADDRESSABLE_RULE = "A file name may hold letters, digits, '.', '-', '_' and spaces, and no path:"
            + " it is how the file is addressed later";

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

    /** True when {@code name} may name a stored file ({@link #ADDRESSABLE_RULE}). */
    public static boolean addressable(String name) {
        return name != null && ADDRESSABLE.matcher(name).matches();
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

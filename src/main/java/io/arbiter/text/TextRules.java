package io.arbiter.text;

/**
 * What a text from a request must be before anything keeps it: valid Unicode (no unpaired
 * surrogate) without NUL. PostgreSQL refuses NUL in text outright, and an unpaired surrogate has
 * no UTF-8 form — it would be stored as '?', so a retry of the same command would no longer match
 * what was stored. Checked once per string, in one pass over its characters.
 */
public final class TextRules {
    /** The longest piece of a refused value echoed back in a problem. */
    private static final int ECHO_LIMIT = 64;

    private TextRules() {
    }

    /** Why {@code s} may not be kept, or null when it may. */
    public static String problem(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains NUL (U+0000) at character " + (i + 1) + "; text may not contain NUL";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return "contains an unpaired surrogate (" + String.format("U+%04X", (int) c) + ") at character "
                            + (i + 1) + "; text must be valid Unicode";
                }
            }
        }
        return null;
    }

    /**
     * Why a text that came through a decoder that replaces what it cannot decode (multipart fields,
     * whose bytes are gone once decoded) may not be kept: as {@link #problem}, and U+FFFD, the mark
     * such a decoder leaves where the bytes were not valid UTF-8. A person does not type U+FFFD.
     */
    public static String decodedProblem(String s) {
        int replaced = s.indexOf('\uFFFD');
        if (replaced >= 0) {
            return "is not valid UTF-8 (or holds U+FFFD, the mark of text that was not) at character " + (replaced + 1);
        }
        return problem(s);
    }

    /**
     * At most {@code max} characters (Unicode code points): O(1) for the usual short value, since
     * a string never holds more code points than chars.
     */
    public static boolean longerThan(String s, int max) {
        return s.length() > max && s.codePointCount(0, s.length()) > max;
    }

    /**
     * A value from the request, safe to echo in a problem: NUL, controls and unpaired surrogates as
     * {@code \\uXXXX}, cut at {@value #ECHO_LIMIT} characters.
     */
    public static String echo(String s) {
        return s == null ? null : escape(s, ECHO_LIMIT);
    }

    /** Any text made storable, whole: NUL, controls and unpaired surrogates as {@code \\uXXXX}. */
    public static String escape(String s) {
        return s == null ? null : escape(s, Integer.MAX_VALUE);
    }

    private static String escape(String s, int limit) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), limit) + 8);
        for (int i = 0, n = s.length(); i < n; i++) {
            if (i == limit) {
                return out.append('…').toString();
            }
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

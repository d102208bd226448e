package io.arbiter.ruleset;

import io.arbiter.text.TextRules;

/**
 * What any cell of an uploaded table may hold, and what a value pasted into generated rules may hold.
 *
 * <p>Every cell, wherever it is: text Arbiter keeps ({@link TextRules}: valid Unicode without NUL)
 * and no other control characters but tab and line breaks — text PostgreSQL, JSON and every reader downstream take as
 * it is. A value that becomes a text literal in a rule (names, condition and action cells) also
 * has no {@code "}, {@code \} or line break, so it can neither end its literal nor escape from it,
 * and is at most {@link #MAX_LITERAL} characters.
 */
final class CellText {
    private CellText() {
    }

    /** Null when the text may stand in any cell, else what is wrong: {@link TextRules}, and no control characters. */
    static String problem(String text) {
        String problem = TextRules.problem(text);
        if (problem != null) {
            return problem;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return String.format("contains the control character U+%04X at character %d", (int) c, i + 1);
            }
        }
        return null;
    }

    /** The longest value a rule carries: a sentence of reasons fits many times; a Java string constant's limit is far. */
    static final int MAX_LITERAL = 1000;

    /** True when the text can be pasted between the quotes of a rule's text literal. */
    static boolean literal(String text) {
        return text.length() <= MAX_LITERAL && text.indexOf('"') < 0 && text.indexOf('\\') < 0 && text.indexOf('\n') < 0
                && text.indexOf('\r') < 0;
    }

    static final String LITERAL_RULE = "must be plain text of at most " + MAX_LITERAL
            + " characters: no quotes (\"), backslashes or line breaks";

    /** A cell's text for a message: one line, at most 120 characters. */
    static String abbreviate(String s) {
        String one = s.replace("\n", "\\n").replace("\r", "\\r");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}

package io.arbiter.ruleset;

import io.arbiter.text.StrictUtf8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A text file of a rule set (CSV table, DRL) as characters, or a located error: bytes that are not
 * strict UTF-8 ({@link StrictUtf8}) are refused with their line — decoded leniently they would be
 * stored and run as text that differs from what their author wrote. A leading byte-order mark is dropped.
 */
final class Utf8Text {
    private Utf8Text() {
    }

    /** The file's text, or null with the problem added to {@code errors}. */
    static String decode(String file, byte[] content, String advice, List<RuleSetError> errors) {
        StrictUtf8.Malformed bad;
        try {
            bad = StrictUtf8.check(new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
        if (bad != null) {
            errors.add(new RuleSetError(file, null, (int) bad.line(), null, "The file " + bad.message() + ": " + advice));
            return null;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}

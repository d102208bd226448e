package io.arbiter.ruleset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A text file of a rule set (CSV table, DRL) as characters. Bytes that are not UTF-8 — overlong
 * forms, surrogates encoded as CESU-8 writes them, stray continuation bytes, truncated sequences —
 * are refused with their line: decoding them leniently would store and run text that differs from
 * what its author wrote. A leading byte-order mark is dropped.
 */
final class Utf8Text {
    private Utf8Text() {
    }

    /** The file's text, or null with the problem added to {@code errors}. */
    static String decode(String file, byte[] content, String advice, List<RuleSetError> errors) {
        String text;
        try {
            text = decoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            int offset = firstBadByte(content);
            errors.add(new RuleSetError(file, null, lineOf(content, offset), null,
                    "The file is not UTF-8 (byte " + offset + "): " + advice));
            return null;
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Decoding stops at the first malformed sequence: its offset is where the input stopped. */
    private static int firstBadByte(byte[] content) {
        ByteBuffer in = ByteBuffer.wrap(content);
        decoder().decode(in, CharBuffer.allocate(content.length + 1), true);
        return in.position();
    }

    private static int lineOf(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < content.length; i++) {
            if (content[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}

package io.arbiter.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Finds the first byte that is not strict UTF-8 (RFC 3629). Jackson decodes leniently — an
 * overlong {@code C0 80} becomes NUL, a CESU-8 surrogate pair becomes a character, bytes from
 * {@code F5} up become something — so request bodies are checked here first, with the JDK's strict
 * decoder. All-ASCII bodies (the usual decide request) cost one loop over the bytes.
 */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    /** A byte sequence that is not UTF-8: where it starts (byte offset, and line for files), and what it is in words. */
    public record Malformed(long offset, long line, String why) {
        public String message() {
            return "is not valid UTF-8: " + why + " at byte " + offset;
        }
    }

    /** The first malformed sequence in {@code bytes}, or null when they are all UTF-8. */
    public static Malformed check(byte[] bytes) {
        int start = 0;
        while (start < bytes.length && bytes[start] >= 0) {
            start++;
        }
        if (start == bytes.length) {
            return null;
        }
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(512);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return new Malformed(in.position(), 0, describe(bytes, in.position(), bytes.length));
            }
            if (result.isUnderflow()) {
                return null;
            }
            out.clear();
        }
    }

    /**
     * The first malformed sequence of a stream (an uploaded file), with the line it is on; null when
     * it is all UTF-8. Reads it once, in 64 KiB pieces.
     */
    public static Malformed check(InputStream stream) throws IOException {
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.allocate(65536);
        CharBuffer out = CharBuffer.allocate(65536);
        long consumed = 0;
        long line = 1;
        boolean eof = false;
        while (true) {
            int n = stream.read(in.array(), in.position(), in.remaining());
            if (n < 0) {
                eof = true;
            } else {
                in.position(in.position() + n);
            }
            in.flip();
            CoderResult result;
            do {
                result = decoder.decode(in, out, eof);
                out.flip();
                while (out.hasRemaining()) {
                    if (out.get() == '\n') {
                        line++;
                    }
                }
                out.clear();
            } while (result.isOverflow());
            if (result.isError()) {
                return new Malformed(consumed + in.position(), line, describe(in.array(), in.position(), in.limit()));
            }
            consumed += in.position();
            in.compact();
            if (eof) {
                return null;
            }
        }
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** What the sequence at {@code at} is, for the caller who has to fix their encoder. */
    public static String describe(byte[] bytes, int at, int end) {
        int b0 = bytes[at] & 0xFF;
        int b1 = at + 1 < end ? bytes[at + 1] & 0xFF : -1;
        if (b0 >= 0x80 && b0 <= 0xBF) {
            return String.format("a continuation byte (0x%02X) where a character should start", b0);
        }
        if (b0 == 0xC0 || b0 == 0xC1 || (b0 == 0xE0 && b1 >= 0x80 && b1 <= 0x9F) || (b0 == 0xF0 && b1 >= 0x80 && b1 <= 0x8F)) {
            return String.format("an overlong encoding (0x%02X …)", b0);
        }
        if (b0 == 0xED && b1 >= 0xA0 && b1 <= 0xBF) {
            return "an encoded surrogate (CESU-8 or WTF-8, 0xED 0x" + String.format("%02X", b1) + " …)";
        }
        if (b0 == 0xF4 && b1 >= 0x90) {
            return "a code point above U+10FFFF";
        }
        if (b0 >= 0xF5) {
            return String.format("the byte 0x%02X, which never occurs in UTF-8", b0);
        }
        return String.format("a truncated sequence (0x%02X without its continuation bytes)", b0);
    }
}

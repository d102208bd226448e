package io.arbiter.audit;

import java.io.ByteArrayOutputStream;

/**
 * Java strings as bytes without loss, for the quarantine: UTF-8 for every well-formed string, and
 * a lone surrogate as its own three-byte sequence (generalised UTF-8, as WTF-8 does) instead of
 * the {@code ?} that {@link String#getBytes} puts in its place.
 *
 * <p>Why not plain UTF-8: a quarantined record is kept because it is odd, and the oddity is the
 * evidence — a record whose lone surrogate had become {@code ?} would no longer be the record that
 * was decided. Why not UTF-16: for every well-formed string these bytes <em>are</em> its UTF-8, so
 * the stored sha256 is the usual one and {@code psql}'s {@code encode(record, 'escape')} reads
 * the usual way.
 */
final class LosslessUtf8 {
    private LosslessUtf8() {
    }

    static byte[] encode(String s) {
        if (s == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | c >> 6);
                out.write(0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else { // any other BMP char, including a lone surrogate (U+D800..U+DFFF as three bytes)
                out.write(0xE0 | c >> 12);
                out.write(0x80 | c >> 6 & 0x3F);
                out.write(0x80 | c & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** The inverse of {@link #encode}; bytes that are not such a sequence decode as U+FFFD, as UTF-8 decoders do. */
    static String decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int need = b < 0x80 ? 0 : b >= 0xC2 && b < 0xE0 ? 1 : b >= 0xE0 && b < 0xF0 ? 2 : b >= 0xF0 && b < 0xF5 ? 3 : -1;
            int cp = need == 0 ? b : need == 1 ? b & 0x1F : need == 2 ? b & 0x0F : b & 0x07;
            boolean ok = need >= 0 && i + need < bytes.length;
            for (int k = 1; ok && k <= need; k++) {
                int next = bytes[i + k] & 0xFF;
                ok = (next & 0xC0) == 0x80;
                cp = cp << 6 | next & 0x3F;
            }
            int min = need == 1 ? 0x80 : need == 2 ? 0x800 : need == 3 ? 0x10000 : 0;
            if (!ok || cp < min || cp > Character.MAX_CODE_POINT) {
                s.append('\uFFFD');
                i++;
                continue;
            }
            s.appendCodePoint(cp); // a surrogate code point (three bytes) becomes the lone char it was
            i += need + 1;
        }
        return s.toString();
    }
}

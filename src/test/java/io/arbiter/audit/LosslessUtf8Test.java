package io.arbiter.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LosslessUtf8Test {
    @Test
    void aWellFormedStringIsItsUtf8AndComesBackAsItWas() {
        for (String s : new String[] {"", "plain", "c\u0000x", "caf\u00e9", "\u20ac 10", "\ud83d\ude00 emoji", "\u0800\uffff"}) {
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), LosslessUtf8.encode(s), s);
            assertEquals(s, LosslessUtf8.decode(LosslessUtf8.encode(s)));
        }
    }

    @Test
    void aLoneSurrogateIsKeptWhereUtf8WouldPutAQuestionMark() {
        for (String s : new String[] {"a\ud800b", "\udc00", "end\ud83d", "\ude00\ud83d reversed pair", "\ud83d\ud83d\ude00"}) {
            byte[] bytes = LosslessUtf8.encode(s);
            assertEquals(s, LosslessUtf8.decode(bytes), "round trip of " + s.chars().mapToObj(Integer::toHexString).toList());
        }
        assertArrayEquals(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'}, LosslessUtf8.encode("a\ud800b"));
        assertEquals("a?b", new String("a\ud800b".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "what it avoids");
    }

    @Test
    void bytesThatAreNoSuchSequenceDecodeAsReplacementCharacters() {
        assertEquals("a\ufffdb", LosslessUtf8.decode(new byte[] {'a', (byte) 0xFF, 'b'}));
        assertEquals("\ufffd", LosslessUtf8.decode(new byte[] {(byte) 0xC0}), "truncated");
        assertEquals("\ufffd\ufffd", LosslessUtf8.decode(new byte[] {(byte) 0xC0, (byte) 0x80}), "overlong NUL");
        assertEquals(null, LosslessUtf8.decode(null));
    }
}

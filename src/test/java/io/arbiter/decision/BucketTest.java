package io.arbiter.decision;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BucketTest {

    @ParameterizedTest(name = "\"{0}\" hashes to {1} and lands in bucket {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a                                           | 3c2569b2 | 50
            order-1001                                  | 3de1a71b | 55
            order-1002                                  | 8bb0657f | 43
            order-1007                                  | 91135d60 | 8
            customer-42                                 | 0d208335 | 49
            The quick brown fox jumps over the lazy dog | 2e4ff723 | 47
            Ünïcödé-ключ-鍵                              | ab844c5b | 35
            """)
    void knownKeysLandInKnownBuckets(String key, String murmurHex, int bucket) {
        assertEquals(Integer.parseUnsignedInt(murmurHex, 16), Bucket.murmur3(key.getBytes(StandardCharsets.UTF_8)));
        assertEquals(bucket, Bucket.of(key));
    }

    @Test
    void emptyKeyIsBucketZero() {
        assertEquals(0, Bucket.of(""));
    }

    @Test
    void agreesWithGuavaOnRandomKeysOfEveryTailLength() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(0, 40)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) random.nextInt(0x20, 0x3000);
            }
            String key = new String(chars);
            int guava = Hashing.murmur3_32_fixed().hashString(key, StandardCharsets.UTF_8).asInt();
            assertEquals(guava, Bucket.murmur3(key.getBytes(StandardCharsets.UTF_8)), key);
            assertEquals((int) (Integer.toUnsignedLong(guava) % 100), Bucket.of(key), key);
        }
    }

    @Test
    void commandWithoutBusinessKeyIsBucketedByItsCommandId() {
        CommandEnvelope noKey = new CommandEnvelope("order-1001", "PlaceOrder", null, null, null, null, null, null, null,
                Map.of(), null, null, null);
        assertEquals(55, Command.of(noKey).getBucket());
    }
}

package io.arbiter.ruleset;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommonSubsequenceTest {
    @Test
    void findsASubsequenceAsLongAsTheLongestOnSeededRandomSequences() {
        Random random = new Random(20261130);
        for (int round = 0; round < 2000; round++) {
            int[] a = random(random, random.nextInt(30), 1 + random.nextInt(5));
            int[] b = random(random, random.nextInt(30), 1 + random.nextInt(5));
            List<int[]> pairs = CommonSubsequence.of(a, b);
            assertEquals(longest(a, b), pairs.size(), "round " + round);
            int lastI = -1;
            int lastJ = -1;
            for (int[] p : pairs) {
                assertEquals(a[p[0]], b[p[1]]);
                assertTrue(p[0] > lastI && p[1] > lastJ, "ascending on both sides");
                lastI = p[0];
                lastJ = p[1];
            }
        }
    }

    @Test
    void pastTheEditLimitOnlyTheCommonEndsArePaired() {
        int[] a = {1, 2, 3, 4, 5, 9};
        int[] b = {1, 5, 4, 3, 2, 9};
        assertEquals(List.of("0-0", "5-5"), CommonSubsequence.of(a, b, 2).stream().map(p -> p[0] + "-" + p[1]).toList());
        assertEquals(3, CommonSubsequence.of(a, b).size());
    }

    @Test
    void emptySequencesHaveNothingInCommon() {
        assertEquals(0, CommonSubsequence.of(new int[0], new int[] {1, 2}).size());
        assertEquals(0, CommonSubsequence.of(new int[] {1}, new int[0]).size());
    }

    private static int[] random(Random random, int length, int alphabet) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = random.nextInt(alphabet);
        }
        return out;
    }

    /** The textbook dynamic programme. */
    private static int longest(int[] a, int[] b) {
        int[][] l = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                l[i][j] = a[i] == b[j] ? 1 + l[i + 1][j + 1] : Math.max(l[i + 1][j], l[i][j + 1]);
            }
        }
        return l[0][0];
    }
}

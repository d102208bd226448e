package io.arbiter.ruleset;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineDiffTest {
    /** Lines "1" to "n", each ended by a line feed. */
    static String lines(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void equalTextHasNoHunksWhateverItsLineEnds() {
        assertEquals(List.of(), LineDiff.unified(lines(5), lines(5)));
        assertEquals(List.of(), LineDiff.unified("a\nb\n", "a\r\nb\r\n"));
    }

    @Test
    void aChangedLineIsRemovedAndAddedWithThreeLinesOfContext() {
        assertEquals(List.of("@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8"),
                LineDiff.unified(lines(10), lines(10).replace("\n5\n", "\nfive\n")));
    }

    @Test
    void changesFarApartAreSeparateHunksAndNearOnesOne() {
        String far = lines(20).replace("\n3\n", "\nthree\n").replace("\n17\n", "\nseventeen\n");
        assertEquals(List.of("@@ -1,6 +1,6 @@", " 1", " 2", "-3", "+three", " 4", " 5", " 6",
                "@@ -14,7 +14,7 @@", " 14", " 15", " 16", "-17", "+seventeen", " 18", " 19", " 20"), LineDiff.unified(lines(20), far));
        String near = lines(20).replace("\n3\n", "\nthree\n").replace("\n10\n", "\nten\n");
        assertEquals(1, LineDiff.unified(lines(20), near).stream().filter(l -> l.startsWith("@@")).count());
        assertEquals("@@ -1,13 +1,13 @@", LineDiff.unified(lines(20), near).get(0));
    }

    @Test
    void insertionsAndRemovalsCountOnlyTheirSide() {
        assertEquals(List.of("@@ -0,0 +1,2 @@", "+a", "+b"), LineDiff.unified(null, "a\nb\n"));
        assertEquals(List.of("@@ -1,2 +0,0 @@", "-a", "-b"), LineDiff.unified("a\nb", ""));
        assertEquals(List.of("@@ -1,3 +1,4 @@", " 1", " 2", "+2a", " 3"), LineDiff.unified(lines(3), "1\n2\n2a\n3\n"));
    }
}

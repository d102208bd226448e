package io.arbiter.ruleset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A longest common subsequence of two sequences of ids (equal ids: equal elements), by Myers'
 * O((N+M)·D) algorithm — D the number of lines or rows added and removed — after setting aside the
 * common prefix and suffix. Both revision diffs align with it: DRL lines ({@link LineDiff}) and
 * table rows without usable rule names ({@link TableDiff}).
 *
 * <p>The work and memory grow with D², so past {@link #MAX_EDITS} edits the middle is given up on:
 * only the common prefix and suffix are kept, and everything between them reads as removed and
 * added. A diff that large is a rewrite, and a rewrite is what it then says.
 */
final class CommonSubsequence {
    /** Edits beyond which the middle is reported as replaced (about 16 MB of work at the worst). */
    static final int MAX_EDITS = 2000;

    private CommonSubsequence() {
    }

    /** The matched positions {@code {i, j}} with {@code a[i] == b[j]}, ascending in both. */
    static List<int[]> of(int[] a, int[] b) {
        return of(a, b, MAX_EDITS);
    }

    static List<int[]> of(int[] a, int[] b, int maxEdits) {
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix] == b[prefix]) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length - prefix && suffix < b.length - prefix
                && a[a.length - 1 - suffix] == b[b.length - 1 - suffix]) {
            suffix++;
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            pairs.add(new int[] {i, i});
        }
        int[] midA = Arrays.copyOfRange(a, prefix, a.length - suffix);
        int[] midB = Arrays.copyOfRange(b, prefix, b.length - suffix);
        List<int[]> middle = myers(midA, midB, maxEdits);
        if (middle != null) {
            for (int[] p : middle) {
                pairs.add(new int[] {p[0] + prefix, p[1] + prefix});
            }
        }
        for (int s = suffix; s > 0; s--) {
            pairs.add(new int[] {a.length - s, b.length - s});
        }
        return pairs;
    }

    /** Myers' greedy forward search, remembering each round's frontier to walk back; null past {@code maxEdits}. */
    private static List<int[]> myers(int[] a, int[] b, int maxEdits) {
        int n = a.length;
        int m = b.length;
        if (n == 0 || m == 0) {
            return List.of();
        }
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            if (d > maxEdits) {
                return null;
            }
            // The frontier before round d: what round d read, so the walk back can retrace it.
            trace.add(Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x] == b[y]) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return walkBack(trace, n, m);
                }
            }
        }
        throw new IllegalStateException("unreachable: D never exceeds N + M");
    }

    private static List<int[]> walkBack(List<int[]> trace, int n, int m) {
        List<int[]> pairs = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            // trace[d] holds k' in [-d-1, d+1] at k' + d + 1
            int prevK = k == -d || (k != d && v[k - 1 + d + 1] < v[k + 1 + d + 1]) ? k + 1 : k - 1;
            int prevX = v[prevK + d + 1];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                pairs.add(new int[] {x - 1, y - 1});
                x--;
                y--;
            }
            if (d > 0) {
                x = prevX;
                y = prevY;
            }
        }
        java.util.Collections.reverse(pairs);
        return pairs;
    }
}

package io.arbiter.ruleset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of a DRL file that changed, as unified-diff hunks: a {@code @@ -a,b +c,d @@} header,
 * then the hunk's lines prefixed {@code ' '} (context), {@code '-'} (only before) or {@code '+'}
 * (only after), with {@link #CONTEXT} lines of context — what {@code diff -u} prints, without the
 * file header. Line ends ({@code \n}, {@code \r\n}, {@code \r}) are not part of a line.
 */
final class LineDiff {
    static final int CONTEXT = 3;

    private LineDiff() {
    }

    /** The hunks turning {@code before} into {@code after}; empty when the lines are equal. Null text is no lines. */
    static List<String> unified(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        Map<String, Integer> ids = new HashMap<>();
        List<int[]> common = CommonSubsequence.of(ids(a, ids), ids(b, ids));
        // The edit script: each line of both sides once, in order, as context, removal or addition.
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (int[] pair : common) {
            while (i < pair[0]) {
                ops.add(new Op('-', i++, j));
            }
            while (j < pair[1]) {
                ops.add(new Op('+', i, j++));
            }
            ops.add(new Op(' ', i++, j++));
        }
        while (i < a.size()) {
            ops.add(new Op('-', i++, j));
        }
        while (j < b.size()) {
            ops.add(new Op('+', i, j++));
        }
        return hunks(ops, a, b);
    }

    /** One step of the script: its kind and the positions on both sides it stands at. */
    private record Op(char kind, int before, int after) {
    }

    private static List<String> hunks(List<Op> ops, List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k).kind() == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            // The hunk runs on while the next change comes within 2 × CONTEXT lines of the last one.
            int lastChange = k;
            for (int q = k; q < ops.size(); q++) {
                if (ops.get(q).kind() != ' ') {
                    lastChange = q;
                } else if (q - lastChange > 2 * CONTEXT) {
                    break;
                }
            }
            int end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int fromA = ops.get(start).before();
            int fromB = ops.get(start).after();
            int countA = 0;
            int countB = 0;
            List<String> body = new ArrayList<>();
            for (int q = start; q < end; q++) {
                Op op = ops.get(q);
                switch (op.kind()) {
                    case ' ' -> {
                        body.add(" " + a.get(op.before()));
                        countA++;
                        countB++;
                    }
                    case '-' -> {
                        body.add("-" + a.get(op.before()));
                        countA++;
                    }
                    default -> {
                        body.add("+" + b.get(op.after()));
                        countB++;
                    }
                }
            }
            out.add("@@ -" + range(fromA, countA) + " +" + range(fromB, countB) + " @@");
            out.addAll(body);
            k = end;
        }
        return out;
    }

    /** "start,count" as diff -u writes it: 1-based, and an empty side names the line before it. */
    private static String range(int from, int count) {
        return (count == 0 ? from : from + 1) + "," + count;
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n|\r|\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the line end of the last line
        }
        return lines;
    }

    private static int[] ids(List<String> lines, Map<String, Integer> ids) {
        int[] out = new int[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.computeIfAbsent(lines.get(i), l -> ids.size());
        }
        return out;
    }
}

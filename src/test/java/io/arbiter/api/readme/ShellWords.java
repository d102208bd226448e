package io.arbiter.api.readme;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell block into commands and words as a POSIX shell would for what the README writes:
 * single quotes (literal), double quotes (with {@code \"} and {@code \\}), a backslash before a line
 * end continues the command, {@code #} at the start of a word begins a comment. A redirection
 * ({@code > file}) or a pipe ends the command's own words — it only says where the output goes.
 */
final class ShellWords {
    private ShellWords() {
    }

    static List<List<String>> commands(String block) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean skipRest = false;
        int i = 0;
        while (i < block.length()) {
            char c = block.charAt(i);
            if (c == '\\' && i + 1 < block.length() && block.charAt(i + 1) == '\n') {
                i += 2;
                continue;
            }
            if (c == '\n') {
                word = flush(words, word);
                commands.add(words);
                words = new ArrayList<>();
                skipRest = false;
                i++;
                continue;
            }
            if (skipRest) {
                i++;
                continue;
            }
            if (c == ' ' || c == '\t') {
                word = flush(words, word);
                i++;
            } else if (c == '#' && word == null) {
                skipRest = true;
                i++;
            } else if ((c == '>' || c == '|') && word == null) {
                skipRest = true;
                i++;
            } else if (c == '\'') {
                int end = block.indexOf('\'', i + 1);
                word = (word == null ? new StringBuilder() : word).append(block, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                i++;
                while (block.charAt(i) != '"') {
                    if (block.charAt(i) == '\\' && "\"\\$`".indexOf(block.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(block.charAt(i++));
                }
                i++;
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
                i++;
            }
        }
        flush(words, word);
        commands.add(words);
        commands.removeIf(List::isEmpty);
        return commands;
    }

    /** Ends the word being read, if any: null, for the next. */
    private static StringBuilder flush(List<String> words, StringBuilder word) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }
}

package io.arbiter.api.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples README.md marks: {@code <!-- example: NAME -->} on the line before a fenced block of
 * curl commands, and {@code <!-- answer: NAME -->} on the line before the fenced block that shows
 * what the first of them answers. Examples are returned in the README's order. A marker that is not
 * followed by a fenced block, an answer without its example, a name used twice or an example without
 * a curl command is an error here, so a mistyped marker cannot silently drop an example.
 */
final class ReadmeExamples {
    private static final Pattern MARKER = Pattern.compile("^<!-- (example|answer): ([a-z0-9-]+) -->$");

    /**
     * @param name     the marker's name
     * @param line     the 1-based README line of the example's marker, for failure messages
     * @param commands the curl commands of the block, in order
     * @param answer   what the README shows the first command answers
     */
    record Example(String name, int line, List<CurlCommand> commands, ShownAnswer answer) {
        @Override
        public String toString() {
            return name + " (README.md line " + line + ")";
        }
    }

    private ReadmeExamples() {
    }

    static List<Example> read(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String pendingName = null;
        int pendingLine = 0;
        List<CurlCommand> pendingCommands = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            String kind = m.group(1);
            String name = m.group(2);
            String block = fencedBlockAfter(lines, i, name);
            if (kind.equals("example")) {
                if (pendingName != null) {
                    throw new IllegalStateException("README.md line " + pendingLine + ": example '" + pendingName + "' has no answer marker");
                }
                if (!names.add(name)) {
                    throw new IllegalStateException("README.md line " + (i + 1) + ": example name '" + name + "' is used twice");
                }
                pendingCommands = CurlCommand.parseAll(block);
                if (pendingCommands.isEmpty()) {
                    throw new IllegalStateException("README.md line " + (i + 1) + ": example '" + name + "' holds no curl command");
                }
                pendingName = name;
                pendingLine = i + 1;
            } else {
                if (!name.equals(pendingName)) {
                    throw new IllegalStateException("README.md line " + (i + 1) + ": answer '" + name + "' follows no example of that name");
                }
                examples.add(new Example(name, pendingLine, pendingCommands, ShownAnswer.parse(block)));
                pendingName = null;
            }
        }
        if (pendingName != null) {
            throw new IllegalStateException("README.md line " + pendingLine + ": example '" + pendingName + "' has no answer marker");
        }
        return examples;
    }

    /** The content of the fenced block that starts on the line after the marker at {@code marker}. */
    private static String fencedBlockAfter(List<String> lines, int marker, String name) {
        if (marker + 1 >= lines.size() || !lines.get(marker + 1).startsWith("```")) {
            throw new IllegalStateException("README.md line " + (marker + 1) + ": marker '" + name + "' is not followed by a fenced block");
        }
        StringBuilder block = new StringBuilder();
        for (int i = marker + 2; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                return block.toString();
            }
            block.append(lines.get(i)).append('\n');
        }
        throw new IllegalStateException("README.md line " + (marker + 2) + ": the block after marker '" + name + "' is not closed");
    }
}

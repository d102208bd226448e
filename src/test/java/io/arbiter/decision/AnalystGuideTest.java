package io.arbiter.decision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyst guide's field table is the {@link FactModel}, row for row: analysts can use exactly
 * the fields it lists, so it may not list one the model lacks or miss one it has. On a mismatch the
 * message holds the table as the model renders it, ready to paste.
 */
class AnalystGuideTest {
    static final Path GUIDE = Path.of("decision-tables/README.md");
    static final String SECTION = "## What a row can test (the fact model)";
    static final String HEADER = "| Field | Type | Example | Notes |";

    static Stream<String> fields() {
        return FactModel.FIELDS.stream().map(FactField::name);
    }

    static Stream<String> traceFields() {
        return FactModel.TRACE_FIELDS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void theGuideListsEachFieldAsTheModelDeclaresIt(String name) throws IOException {
        int position = FactModel.FIELDS.indexOf(FactModel.field(name));
        List<String> rows = guideRows();
        assertTrue(position < rows.size(), "the guide's field table ends before " + name + "; it should read:\n" + table());
        assertEquals(row(FactModel.field(name)), rows.get(position), "the guide's field table should read:\n" + table());
    }

    @Test
    void theGuideListsNoFieldTheModelLacks() throws IOException {
        assertEquals(FactModel.FIELDS.size(), guideRows().size(), "the guide's field table should read:\n" + table());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traceFields")
    void theGuideSaysEachTraceFieldIsNotAFact(String name) throws IOException {
        assertTrue(section().contains("`" + name + "`"), "the fact-model section does not say " + name + " is no fact");
    }

    /** The guide's row for a field: how a condition names it, its type and comparisons, an example, what it means. */
    static String row(FactField field) {
        String comparisons = field.type().comparisons().stream().map(op -> "`" + op + "`").collect(Collectors.joining(", "));
        return "| `" + field.condition() + "` | " + field.type().label() + " (" + comparisons + ") | `" + field.example()
                + "` | " + field.description() + " |";
    }

    static String table() {
        return HEADER + "\n|---|---|---|---|\n" + FactModel.FIELDS.stream().map(AnalystGuideTest::row).collect(Collectors.joining("\n"));
    }

    /** The section of the guide about the fact model, up to the next section. */
    static String section() throws IOException {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        int start = guide.indexOf(SECTION);
        assertTrue(start >= 0, GUIDE + " has no section '" + SECTION + "'");
        int end = guide.indexOf("\n## ", start + SECTION.length());
        return end < 0 ? guide.substring(start) : guide.substring(start, end);
    }

    /** The rows of the section's field table, below its header and separator. */
    static List<String> guideRows() throws IOException {
        List<String> lines = section().lines().toList();
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, "the fact-model section has no table headed " + HEADER);
        return lines.stream().skip(header + 2).takeWhile(line -> line.startsWith("|")).toList();
    }
}

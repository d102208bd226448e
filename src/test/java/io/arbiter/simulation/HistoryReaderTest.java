package io.arbiter.simulation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A history line whose text could not be stored is an error line of the report, never a value in it. */
class HistoryReaderTest {
    static final HistoryReader READER = new HistoryReader(() -> null, Instant.parse("2026-11-22T00:00:00Z"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a NUL in a value      | {\"commandId\":\"c-1\",\"type\":\"PlaceOrder\",\"market\":\"E\\u0000U\"} | market contains NUL",
            "a lone surrogate      | {\"commandId\":\"c-\\ud800\",\"type\":\"PlaceOrder\"}                  | commandId contains an unpaired surrogate",
            "a NUL in a field name | {\"commandId\":\"c-1\",\"type\":\"PlaceOrder\",\"attributes\":{\"a\\u0000\":\"x\"}} | a field name contains NUL",
            "a NUL in a recorded result | {\"decision_id\":\"d\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"input\":{\"commandId\":\"c\",\"type\":\"T\"},\"result\":{\"outcome\":\"ROUTED\",\"owner\":\"o\\u0000\"}} | result.owner contains NUL"})
    void aLineWithTextThatCannotBeStoredIsAnErrorLine(String what, String line, String says) {
        HistoryReader.Line read = READER.parse(new HistoryReader.RawLine(7, line));
        assertNull(read.record(), what);
        assertTrue(read.error().startsWith("line 7: ") && read.error().contains(says), read.error());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown mode      | {\"decision_id\":\"d\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"input\":{\"commandId\":\"c\",\"type\":\"T\"},\"result\":{\"outcome\":\"ROUTED\",\"mode\":\"X\\u0001\"}}"})
    void aParserMessageThatQuotesTheLineIsEscaped(String what, String line) {
        String error = READER.parse(new HistoryReader.RawLine(1, line)).error();
        assertTrue(error.chars().noneMatch(c -> c < 0x20), error);
        assertEquals(-1, error.indexOf('\u0001'), error);
    }
}

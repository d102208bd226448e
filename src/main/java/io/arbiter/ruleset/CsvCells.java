package io.arbiter.ruleset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a CSV decision table into a {@link CellGrid}: UTF-8 (an optional byte-order mark is
 * skipped), RFC 4180 quoting — a cell that starts with {@code "} is quoted, {@code ""} inside is
 * one quote, a quoted cell may span lines — and {@code \n}, {@code \r\n} or {@code \r} line ends.
 *
 * <p>Bytes that are not UTF-8 (overlong forms, encoded surrogates as CESU-8 writes them, stray
 * continuation bytes) are refused with their line: decoding them leniently would store text that
 * differs from what the analyst wrote.
 */
final class CsvCells {
    private CsvCells() {
    }

    /** The file's cells, or null with the problem added to {@code errors}. */
    static CellGrid read(String file, byte[] content, int maxCells, List<RuleSetError> errors) {
        String text;
        try {
            text = strictUtf8(content);
        } catch (CharacterCodingException e) {
            int offset = e instanceof MalformedInputException ? firstBadByte(content) : -1;
            errors.add(new RuleSetError(file, null, offset < 0 ? null : lineOf(content, offset), null,
                    "The file is not UTF-8" + (offset < 0 ? "" : " (byte " + offset + ")")
                            + ": save it as CSV with the UTF-8 character set"));
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        CellGrid.Builder grid = new CellGrid.Builder(null);
        StringBuilder cell = new StringBuilder();
        int row = 0;
        int column = 0;
        int quotedFrom = -1; // the row a quoted cell started on, while inside one
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quotedFrom >= 0) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quotedFrom = -1;
                } else {
                    cell.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && cell.length() == 0) {
                quotedFrom = row;
                i++;
            } else if (c == ',') {
                if (grid.put(row, column, cell.toString()) > maxCells) {
                    errors.add(tooManyCells(file, maxCells));
                    return null;
                }
                cell.setLength(0);
                column++;
                i++;
            } else if (c == '\n' || c == '\r') {
                if (grid.put(row, column, cell.toString()) > maxCells) {
                    errors.add(tooManyCells(file, maxCells));
                    return null;
                }
                cell.setLength(0);
                column = 0;
                row++;
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
            } else {
                cell.append(c);
                i++;
            }
        }
        if (quotedFrom >= 0) {
            errors.add(new RuleSetError(file, null, quotedFrom + 1, CellGrid.columnLetter(column),
                    "A quoted cell is never closed: a cell that starts with \" ends with \" (write \"\" for a quote inside it)"));
            return null;
        }
        if (grid.put(row, column, cell.toString()) > maxCells) {
            errors.add(tooManyCells(file, maxCells));
            return null;
        }
        return grid.build();
    }

    static RuleSetError tooManyCells(String file, int maxCells) {
        return RuleSetError.ofFile(file, "The file holds more than " + maxCells + " non-empty cells; split it into several files");
    }

    private static String strictUtf8(byte[] content) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(content));
        return chars.toString();
    }

    /** Where decoding stopped: decoding again up to there finds the offset of the malformed byte. */
    private static int firstBadByte(byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    private static int lineOf(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < content.length; i++) {
            if (content[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}

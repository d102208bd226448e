package io.arbiter.ruleset;

/**
 * One problem in an uploaded rule set, located as precisely as the source allows.
 *
 * @param file    the file name
 * @param sheet   the worksheet (XLSX/XLS), else null
 * @param row     the 1-based spreadsheet row (or DRL line), else null
 * @param column  the spreadsheet column letter (e.g. "C"), else null
 * @param message what is wrong, in words an analyst can act on
 */
public record RuleSetError(String file, String sheet, Integer row, String column, String message) {

    public static RuleSetError ofFile(String file, String message) {
        return new RuleSetError(file, null, null, null, message);
    }
}

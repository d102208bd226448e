package io.arbiter.decision;

/**
 * Where a rule comes from: a row of a decision table, or a rule of a DRL file (which behaves like
 * a one-column table whose rows are its rules in file order).
 *
 * @param name       the rule's name — a business phrase from the table's NAME column
 * @param file       the rule-set file
 * @param sheet      the worksheet, or null for CSV and DRL
 * @param table      the RuleTable name (the file name for DRL)
 * @param row        the spreadsheet row, 1-based (for DRL: the rule's position in its file)
 * @param precedence the table's place in the rule set's order; later tables refine earlier ones
 */
public record RuleRow(String name, String file, String sheet, String table, int row, int precedence) {
}

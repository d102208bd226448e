package io.arbiter.ruleset;

import io.arbiter.decision.SignalCondition;
import io.arbiter.decision.SignalDeclaration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the DRL of one sheet from its {@link DecisionTable}s — the only DRL a decision table ever
 * becomes. Each rule is {@code Command(<one constraint per condition cell>)} and one
 * {@code route.<field>("<value>");} per action cell, with its dates; nothing else is written
 * (no salience, no agenda or activation groups, no timers, no functions). One constraint or
 * action per line, so a compiler message's line names the cell it came from.
 *
 * <p>Every generated pattern is checked once more against the {@link ConditionGrammar} before it
 * is written: whatever the reader let through, nothing outside the grammar reaches Drools. The
 * grammar also reads each signal column into the row's {@link SignalCondition}, which is not
 * written to the DRL: Arbiter tests it on the rows the engine matched.
 */
final class DrlWriter {
    /** The DRL, its rules (in order) and, for each line that came from a cell, that cell's column. */
    record Output(String drl, List<TableParser.TableRule> rules, Map<Integer, String> columnsByLine) {
    }

    private final StringBuilder drl = new StringBuilder();
    private final List<TableParser.TableRule> rules = new ArrayList<>();
    private final Map<Integer, String> columnsByLine = new TreeMap<>();
    private int line = 1;

    private DrlWriter() {
    }

    /** The DRL of a sheet's tables; a generated piece outside the grammar is added to {@code errors} instead. */
    static Output write(String file, String sheet, TableReader.Result result, Map<String, SignalDeclaration> declared,
                        List<RuleSetError> errors) {
        DrlWriter w = new DrlWriter();
        w.line("package " + result.packageName() + ";");
        w.line("import io.arbiter.decision.Command;");
        w.line("global io.arbiter.decision.Route route;");
        for (DecisionTable table : result.tables()) {
            for (DecisionTable.Row row : table.rows()) {
                String pattern = "Command(" + String.join(", ", row.conditions().values()) + ")";
                Map<Integer, String> drl = new LinkedHashMap<>();
                List<SignalCondition> signalColumns = new ArrayList<>();
                try {
                    ConditionGrammar.pattern(pattern, declared);
                    for (Map.Entry<Integer, String> condition : row.conditions().entrySet()) {
                        ConditionGrammar.Reading reading = ConditionGrammar.constraints(condition.getValue(), declared);
                        if (reading.condition() != null) {
                            signalColumns.add(reading.condition());
                        } else {
                            drl.put(condition.getKey(), condition.getValue());
                        }
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(new RuleSetError(file, sheet, row.row() + 1, null, "Rejected: generated condition '"
                            + CellText.abbreviate(pattern) + "': " + e.getMessage()));
                    continue;
                }
                w.rule(table, row, drl, signalColumns.isEmpty() ? null
                        : signalColumns.size() == 1 ? signalColumns.get(0) : new SignalCondition.All(signalColumns));
            }
        }
        return new Output(w.drl.toString(), List.copyOf(w.rules), Map.copyOf(w.columnsByLine));
    }

    /** The rule of a row: its columns of command fields, by column, as DRL; its signal columns (null: none) beside. */
    private void rule(DecisionTable table, DecisionTable.Row row, Map<Integer, String> conditions, SignalCondition signalColumns) {
        rules.add(new TableParser.TableRule(row.name(), table.name(), table.index(), row.row() + 1, table.nameColumn(), line,
                signalColumns));
        line("rule \"" + row.name() + "\"");
        if (row.effective() != null) {
            line("    date-effective \"" + Dates.effectiveForDrools(row.effective()) + "\"");
        }
        if (row.expires() != null) {
            line("    date-expires \"" + Dates.forDrools(row.expires()) + "\"");
        }
        line("when");
        line("    Command(");
        int left = conditions.size();
        for (Map.Entry<Integer, String> condition : conditions.entrySet()) {
            columnsByLine.put(line, CellGrid.columnLetter(condition.getKey()));
            line("        " + condition.getValue() + (--left > 0 ? "," : ""));
        }
        line("    )");
        line("then");
        for (Map.Entry<Integer, String> action : row.actions().entrySet()) {
            DecisionTable.Column column = table.columns().stream().filter(c -> c.index() == action.getKey()).findFirst().orElseThrow();
            columnsByLine.put(line, CellGrid.columnLetter(action.getKey()));
            line("    " + column.action().render(action.getValue()));
        }
        line("end");
    }

    private void line(String text) {
        drl.append(text).append('\n');
        line++;
    }
}

package io.arbiter.ruleset;

import io.arbiter.decision.SignalCondition;

import io.arbiter.decision.SignalDeclaration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one decision-table file (XLSX/XLS: every worksheet holding a RuleTable; CSV: the file)
 * into DRL, remembering for every generated rule the sheet, table and row it came from so compile
 * errors can be reported against cells.
 *
 * <p>Three steps, each with one job, and Drools sees only the last one's output: the file's cells
 * as text ({@link CsvCells}, {@link WorkbookCells}); the tables those cells form, on the
 * allow-list of the analyst guide ({@link TableReader}); the DRL written from those tables
 * ({@link DrlWriter}). Drools' own spreadsheet compiler is never used: it would act on keywords
 * and cells Arbiter does not show the analyst, and it runs what its cells say.
 */
final class TableParser {
    /** Non-empty cells a table file may hold: far beyond any policy, well below what strains memory. */
    static final int MAX_CELLS = 200_000;

    /** A worksheet compiled to DRL, with the rules in the order they appear in the DRL. */
    record Sheet(String file, String sheet, String drl, List<TableRule> rules, List<DecisionTable> tables,
                 Map<Integer, String> columnsByLine) {

        /** The rule whose text covers a DRL line (1-based), or null for the package header. */
        TableRule ruleAtLine(int line) {
            TableRule found = null;
            for (TableRule r : rules) {
                if (r.drlLine() <= line) {
                    found = r;
                }
            }
            return found;
        }
    }

    /**
     * One generated rule: its name, its table (and the table's position on the sheet), spreadsheet
     * row (1-based), the column its name came from (null: generated), its first DRL line and its
     * signal columns (null: none), which are not in the DRL.
     */
    record TableRule(String name, String table, int tableIndex, int row, String nameColumn, int drlLine,
                     SignalCondition signals) {
    }

    private TableParser() {
    }

    /** Parses a table file; problems go to {@code errors} with their location, and the file yields no sheets. */
    static List<Sheet> parse(RuleSetFile file, Map<String, SignalDeclaration> signals, List<RuleSetError> errors) {
        List<CellGrid> grids = cells(file, errors);
        if (grids == null) {
            return List.of();
        }
        int before = errors.size();
        grids.forEach(grid -> checkEveryCell(file.name(), grid, errors));
        if (errors.size() > before) {
            return List.of();
        }
        List<Sheet> sheets = new ArrayList<>();
        for (CellGrid grid : grids) {
            if (!TableReader.hasTable(grid)) {
                continue; // notes, lists, anything for people: a sheet without a RuleTable cell is not read
            }
            TableReader.Result tables = TableReader.read(file.name(), grid, errors, signals);
            if (tables != null) {
                DrlWriter.Output out = DrlWriter.write(file.name(), grid.sheet(), tables, signals, errors);
                sheets.add(new Sheet(file.name(), grid.sheet(), out.drl(), out.rules(), tables.tables(), out.columnsByLine()));
            }
        }
        if (grids.stream().noneMatch(TableReader::hasTable)) {
            errors.add(RuleSetError.ofFile(file.name(), file.kind() == RuleSetFile.Kind.CSV
                    ? "The file holds no 'RuleTable' cell" : "No worksheet holds a 'RuleTable' cell"));
        }
        return errors.size() > before ? List.of() : sheets;
    }

    /** The cells of a table file: one grid per worksheet in workbook order (one for CSV), or null with the problem in {@code errors}. */
    static List<CellGrid> cells(RuleSetFile file, List<RuleSetError> errors) {
        if (file.kind() == RuleSetFile.Kind.CSV) {
            CellGrid grid = CsvCells.read(file.name(), file.content(), MAX_CELLS, errors);
            return grid == null ? null : List.of(grid);
        }
        Map<String, CellGrid> sheets = WorkbookCells.read(file, MAX_CELLS, errors);
        return sheets == null ? null : List.copyOf(sheets.values());
    }

    /** Every cell of every sheet is text storage and readers downstream can take: see {@link CellText}. */
    private static void checkEveryCell(String file, CellGrid grid, List<RuleSetError> errors) {
        grid.cells().forEach((row, cells) -> cells.forEach((column, text) -> {
            String problem = CellText.problem(text);
            if (problem != null) {
                errors.add(new RuleSetError(file, grid.sheet(), row + 1, CellGrid.columnLetter(column), "The cell " + problem));
            }
        }));
    }
}

package io.arbiter.ruleset;

import io.arbiter.decision.SignalDeclaration;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the decision tables of one sheet from its cells, accepting only the layout the analyst
 * guide documents (allow-list): one {@code RuleSet} line, and {@code RuleTable} blocks of a type
 * row, an object-type row, a template row, a label row and data rows up to the first empty row.
 * Every other non-empty cell on the sheet — a Drools keyword such as {@code Timer} or
 * {@code Functions}, text below or beside a table — is an error naming its cell, so nothing on the
 * sheet is ignored and nothing reaches Drools except what {@link DrlWriter} writes from the result.
 */
final class TableReader {
    static final String DEFAULT_PACKAGE = "io.arbiter.tables";
    /** The kind of a column whose header is in error: its cells belong to the table but are not read. */
    private static final String SKIP = "SKIP";
    private static final Set<String> COLUMN_TYPES = Set.of("NAME", "DESCRIPTION", "CONDITION", "ACTION", "DATE-EFFECTIVE",
            "DATE-EXPIRES");
    /** Drools decision-table keywords Arbiter's tables do not have, named as such in errors. */
    private static final Set<String> DROOLS_KEYWORDS = Set.of("import", "variables", "functions", "queries", "declare",
            "unit", "dialect", "sequential", "sequentialmaxpriority", "sequentialminpriority", "escapequotes",
            "numericdisabled", "salience", "priority", "duration", "timer", "enabled", "calendars", "no-loop",
            "lock-on-active", "auto-focus", "activation-group", "agenda-group", "ruleflow-group", "date-effective",
            "date-expires", "metadata", "ruletemplate", "notes", "properties");
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    /** Packages a rule set may not claim: the platform's, and the engines' own. */
    private static final List<String> RESERVED_PACKAGES = List.of("java", "javax", "jdk", "sun", "com.sun", "org.drools",
            "org.kie", "org.mvel2");
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "false",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
            "long", "native", "new", "null", "package", "private", "protected", "public", "return", "short", "static",
            "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "true", "try", "void",
            "volatile", "while", "_");
    private static final Pattern OBJECT_TYPE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\s*:\\s*)?Command(\\.\\.\\.)?");

    /** What a sheet holds: its package name and tables. */
    record Result(String packageName, List<DecisionTable> tables) {
    }

    private final String file;
    private final CellGrid grid;
    private final List<RuleSetError> errors;
    private final Map<String, SignalDeclaration> signals;
    private final Set<Long> claimed = new HashSet<>();

    private TableReader(String file, CellGrid grid, List<RuleSetError> errors, Map<String, SignalDeclaration> signals) {
        this.file = file;
        this.grid = grid;
        this.errors = errors;
        this.signals = signals;
    }

    /** True when a cell of the grid starts a table, i.e. the sheet is a table sheet. */
    static boolean hasTable(CellGrid grid) {
        return grid.cells().values().stream().flatMap(r -> r.values().stream()).anyMatch(TableReader::isHead);
    }

    /**
     * The sheet's tables, or null when it has problems (added to {@code errors}). {@code signals}: the
     * declared signals conditions may test (null: any, typed by their literals — for reading a layout).
     */
    static Result read(String file, CellGrid grid, List<RuleSetError> errors, Map<String, SignalDeclaration> signals) {
        return new TableReader(file, grid, errors, signals).read();
    }

    private Result read() {
        int before = errors.size();
        String packageName = readRuleSetLine();
        List<DecisionTable> tables = new ArrayList<>();
        for (Map.Entry<Integer, ? extends Map<Integer, String>> row : grid.cells().entrySet()) {
            for (Map.Entry<Integer, String> cell : row.getValue().entrySet()) {
                if (isHead(cell.getValue()) && !claimed.contains(key(row.getKey(), cell.getKey()))) {
                    DecisionTable table = readTable(tables.size(), row.getKey(), cell.getKey(), cell.getValue());
                    if (table != null) {
                        tables.add(table);
                    }
                }
            }
        }
        reportUnclaimed();
        return errors.size() > before ? null : new Result(packageName, tables);
    }

    private static boolean isHead(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("ruletable") || lower.startsWith("ruletable ");
    }

    /** The {@code RuleSet} cell and the package name to its right; at most one per sheet. */
    private String readRuleSetLine() {
        String name = null;
        for (Map.Entry<Integer, ? extends Map<Integer, String>> row : grid.cells().entrySet()) {
            for (Map.Entry<Integer, String> cell : row.getValue().entrySet()) {
                if (!cell.getValue().equalsIgnoreCase("ruleset")) {
                    continue;
                }
                int r = row.getKey();
                int c = cell.getKey();
                claim(r, c);
                if (name != null) {
                    error(r, c, "A sheet has one RuleSet line; this is a second one");
                    continue;
                }
                String value = grid.at(r, c + 1);
                claim(r, c + 1);
                if (value == null || !packageName(value)) {
                    error(r, c + 1, "The RuleSet name must be a dotted lower-case name such as io.arbiter.policy.orders"
                            + " (not a Java keyword, not under java, javax, jdk, sun, org.drools or org.kie)");
                    name = DEFAULT_PACKAGE;
                } else {
                    name = value;
                }
            }
        }
        return name == null ? DEFAULT_PACKAGE : name;
    }

    static boolean packageName(String name) {
        return PACKAGE_NAME.matcher(name).matches()
                && java.util.Arrays.stream(name.split("\\.")).noneMatch(JAVA_KEYWORDS::contains)
                && RESERVED_PACKAGES.stream().noneMatch(p -> name.equals(p) || name.startsWith(p + "."));
    }

    private DecisionTable readTable(int index, int head, int first, String headText) {
        claim(head, first);
        String name = headText.substring("ruletable".length()).strip();
        if (name.isEmpty() || !CellText.literal(name)) {
            error(head, first, name.isEmpty() ? "A table needs a name: write 'RuleTable Order migration'"
                    : "A table name " + CellText.LITERAL_RULE);
            return null;
        }
        Map<Integer, String> types = new LinkedHashMap<>();
        grid.row(head + 1).tailMap(first, true).forEach(types::put);
        if (types.isEmpty()) {
            error(head, first, "RuleTable '" + name + "' has no header rows: the row below it names the column types"
                    + " (NAME, CONDITION, ACTION, …), then come the object-type, template and label rows");
            return null;
        }
        int last = grid.row(head + 1).lastKey();
        int dataEnd = head + 5;
        while (!grid.blankRow(dataEnd) && grid.row(dataEnd).values().stream().noneMatch(TableReader::isHead)) {
            dataEnd++;
        }
        int before = errors.size();
        Map<Integer, String> kinds = new LinkedHashMap<>();
        List<DecisionTable.Column> columns = new ArrayList<>();
        for (int c = first; c <= last; c++) {
            String type = types.get(c);
            if (type == null) {
                continue; // a gap: any cell below it is reported as outside the table
            }
            kinds.put(c, readColumn(name, head, c, type, dataEnd, kinds, columns));
        }
        if (errors.size() == before && columns.stream().noneMatch(col -> col.action() != null)) {
            error(head, first, "RuleTable '" + name + "' sets nothing: it needs an ACTION column such as route.owner(\"$param\");");
        }
        List<DecisionTable.Row> rows = new ArrayList<>();
        for (int r = head + 5; r < dataEnd; r++) {
            DecisionTable.Row row = readRow(name, r, kinds, columns);
            if (row != null) {
                rows.add(row);
            }
        }
        String nameColumn = kinds.entrySet().stream().filter(k -> k.getValue().equals("NAME"))
                .map(k -> CellGrid.columnLetter(k.getKey())).findFirst().orElse(null);
        return errors.size() > before ? null : new DecisionTable(name, index, head, nameColumn, columns, rows);
    }

    /** Reads one column's four header cells; returns its kind, or SKIP when it is in error or unused. */
    private String readColumn(String table, int head, int c, String typeText, int dataEnd, Map<Integer, String> kinds,
                              List<DecisionTable.Column> columns) {
        claim(head + 1, c);
        String type = typeText.toUpperCase(Locale.ROOT);
        String objectType = claimed(head + 2, c);
        String template = claimed(head + 3, c);
        String label = claimed(head + 4, c);
        if (!COLUMN_TYPES.contains(type)) {
            error(head + 1, c, "Column type '" + typeText + "' is not allowed; use one of " + new TreeSet<>(COLUMN_TYPES));
            return SKIP;
        }
        if (!type.equals("CONDITION") && !type.equals("ACTION") && kinds.containsValue(type)) {
            error(head + 1, c, "Table '" + table + "' has a second " + type + " column");
            return SKIP;
        }
        if (objectType != null && !(type.equals("CONDITION") && OBJECT_TYPE.matcher(objectType).matches())) {
            error(head + 2, c, type.equals("CONDITION")
                    ? "Conditions test the command: this cell may only say 'c: Command' (or 'c: Command...'), not '"
                            + CellText.abbreviate(objectType) + "'"
                    : "A " + type + " column has no object type; leave this cell empty");
            return SKIP;
        }
        if (!type.equals("CONDITION") && !type.equals("ACTION")) {
            if (template != null) {
                error(head + 3, c, "A " + type + " column has no code template; leave this cell empty");
                return SKIP;
            }
            return type;
        }
        if (template == null) {
            for (int r = head + 5; r < dataEnd; r++) {
                if (grid.at(r, c) != null) {
                    error(head + 3, c, type + " column '" + (label == null ? "" : label) + "' has values (first in row "
                            + (r + 1) + ") but no code template in this cell");
                    return SKIP;
                }
            }
            return SKIP; // an unused column: nothing to generate
        }
        try {
            columns.add(type.equals("CONDITION")
                    ? new DecisionTable.Column(c, label, ConditionTemplate.parse(template, signals), null)
                    : new DecisionTable.Column(c, label, null, RouteAction.parse(template)));
            return type;
        } catch (IllegalArgumentException e) {
            error(head + 3, c, (type.equals("CONDITION") ? "Condition" : "Action") + " template '"
                    + CellText.abbreviate(template) + "' is not allowed: " + e.getMessage());
            return SKIP;
        }
    }

    private DecisionTable.Row readRow(String table, int r, Map<Integer, String> kinds, List<DecisionTable.Column> columns) {
        int before = errors.size();
        String name = table + "_" + (r + 1);
        Instant effective = null;
        Instant expires = null;
        Map<Integer, String> conditions = new LinkedHashMap<>();
        Map<Integer, String> actions = new LinkedHashMap<>();
        Map<Integer, String> cells = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> cell : grid.row(r).entrySet()) {
            int c = cell.getKey();
            String value = cell.getValue();
            String kind = kinds.get(c);
            if (kind == null) {
                continue; // not a column of the table: reported as unclaimed
            }
            claim(r, c);
            if (kind.equals(SKIP)) {
                continue; // its header is in error (reported once) or it has no template and no values
            }
            try {
                switch (kind) {
                    case "NAME" -> name = requireLiteral(value);
                    case "DATE-EFFECTIVE" -> effective = date(value, kind);
                    case "DATE-EXPIRES" -> expires = date(value, kind);
                    case "CONDITION" -> {
                        cells.put(c, value);
                        conditions.put(c, column(columns, c).condition().fill(value));
                    }
                    case "ACTION" -> {
                        column(columns, c).action().check(value);
                        actions.put(c, value);
                    }
                    default -> {
                        // DESCRIPTION: for people; never part of a rule
                    }
                }
            } catch (IllegalArgumentException e) {
                DecisionTable.Column column = kind.equals("ACTION") ? column(columns, c) : null;
                error(r, c, "'" + CellText.abbreviate(value) + "' " + e.getMessage()
                        + (column != null && column.label() != null ? " (column '" + column.label() + "')" : ""));
            }
        }
        return errors.size() > before ? null : new DecisionTable.Row(r, name, effective, expires, conditions, actions, cells);
    }

    private static String requireLiteral(String value) {
        if (!CellText.literal(value)) {
            throw new IllegalArgumentException(CellText.LITERAL_RULE);
        }
        return value;
    }

    private static Instant date(String value, String kind) {
        Instant instant;
        try {
            instant = Dates.parseIsoInstant(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not a date for " + kind + ": write 2026-12-01 (midnight UTC) or 2026-12-01T08:00:00Z");
        }
        if (instant.isBefore(Dates.EARLIEST) || !instant.isBefore(Dates.LATEST)) {
            throw new IllegalArgumentException("is outside the years 1970 to 9999 that " + kind + " accepts");
        }
        return instant;
    }

    private static DecisionTable.Column column(List<DecisionTable.Column> columns, int c) {
        return columns.stream().filter(col -> col.index() == c).findFirst().orElseThrow();
    }

    /** Every cell nothing above accounted for is an error: nothing on a table sheet is silently ignored. */
    private void reportUnclaimed() {
        for (Map.Entry<Integer, ? extends Map<Integer, String>> row : grid.cells().entrySet()) {
            for (Map.Entry<Integer, String> cell : row.getValue().entrySet()) {
                if (claimed.contains(key(row.getKey(), cell.getKey()))) {
                    continue;
                }
                String text = cell.getValue();
                String keyword = text.toLowerCase(Locale.ROOT).replaceAll(":$", "").strip();
                error(row.getKey(), cell.getKey(), DROOLS_KEYWORDS.contains(keyword)
                        ? "'" + text + "' is a Drools keyword that Arbiter's tables do not have: a table sheet holds one"
                                + " RuleSet line and RuleTable blocks; code belongs in DRL, which engineers upload"
                        : "'" + CellText.abbreviate(text) + "' is not part of a table: on a sheet with a RuleTable every"
                                + " cell belongs to the RuleSet line or to a table (a table ends at its first empty row);"
                                + " keep notes on a sheet without a RuleTable cell");
            }
        }
    }

    private String claimed(int row, int column) {
        claim(row, column);
        return grid.at(row, column);
    }

    private void claim(int row, int column) {
        claimed.add(key(row, column));
    }

    private static long key(int row, int column) {
        return ((long) row << 32) | column;
    }

    private void error(int row, int column, String message) {
        errors.add(new RuleSetError(file, grid.sheet(), row + 1, CellGrid.columnLetter(column), message));
    }
}

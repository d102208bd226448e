package io.arbiter.ruleset;

import org.drools.template.model.Condition;
import org.drools.template.model.Consequence;
import org.drools.template.model.Package;
import org.drools.template.model.Rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps decision tables data, not code. Drools pastes spreadsheet cells into code templates, so a
 * table could otherwise run anything in the service. Whoever uploads a table — an analyst — gets
 * only the documented fact model:
 * <ul>
 *   <li>no Import, Variables, Functions, Queries, Declare, Unit or Dialect blocks;</li>
 *   <li>column types NAME, DESCRIPTION, CONDITION, ACTION, DATE-EFFECTIVE, DATE-EXPIRES;</li>
 *   <li>conditions on {@code Command} only, in the documented grammar: a field or
 *       {@code attr("name")} compared with a literal, joined by {@code ||} / {@code &&};</li>
 *   <li>actions {@code route.<field>("$param");} only;</li>
 *   <li>cells that are literals: no quote, backslash or line break inside a string, numbers where
 *       a number is expected, names and descriptions that cannot close their quote or comment.</li>
 * </ul>
 * Checked twice: the templates and cells, located to the cell; then every generated condition and
 * action, whatever produced it, against the same grammar — so nothing unchecked reaches the compiler.
 */
final class TableGuard {
    static final Set<String> FORBIDDEN_BLOCKS = Set.of("import", "variables", "functions", "queries", "declare", "unit",
            "dialect");
    static final Set<String> COLUMN_TYPES = Set.of("NAME", "DESCRIPTION", "CONDITION", "ACTION", "DATE-EFFECTIVE",
            "DATE-EXPIRES");
    static final Set<String> STRING_FIELDS = Set.of("commandId", "type", "businessKey", "tenant", "market", "channel",
            "product", "customerTier", "cohort", "correlationId", "causationId");
    static final Set<String> ROUTE_FIELDS = Set.of("owner", "implementation", "mode", "acceptance", "translation",
            "failureContract", "destination", "reason");
    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern OBJECT_TYPE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\s*:\\s*)?Command(\\.\\.\\.)?");
    static final Pattern ACTION_TEMPLATE = Pattern.compile("route\\s*\\.\\s*([A-Za-z]+)\\s*\\(\\s*\"\\$param\"\\s*\\)\\s*;?");
    private static final Pattern ACTION = Pattern.compile("route\\s*\\.\\s*([A-Za-z]+)\\s*\\(\\s*\"[^\"\\\\\\r\\n]*\"\\s*\\)\\s*;?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}(\\.\\d{1,9})?");

    private TableGuard() {
    }

    /** Checks the parsed table before any DRL is generated; every problem goes to {@code errors}, located. */
    static void check(String file, String sheet, TableParser.Listener listener, Package pkg, List<RuleSetError> errors) {
        checkBlocksAndPackage(file, sheet, listener, pkg, errors);
        for (TableParser.Listener.Head head : listener.heads) {
            checkTable(file, sheet, listener, head, errors);
        }
        if (errors.isEmpty()) {
            checkGenerated(file, sheet, pkg, errors);
        }
    }

    private static void checkBlocksAndPackage(String file, String sheet, TableParser.Listener listener, Package pkg,
                                              List<RuleSetError> errors) {
        Set<Integer> dataRows = new java.util.HashSet<>();
        listener.heads.forEach(head -> dataRows.addAll(listener.dataRows(head)));
        for (Map.Entry<Integer, Map<Integer, String>> row : listener.cells.entrySet()) {
            if (dataRows.contains(row.getKey())) {
                continue;
            }
            for (Map.Entry<Integer, String> cell : row.getValue().entrySet()) {
                String keyword = cell.getValue().strip().toLowerCase(Locale.ROOT);
                if (FORBIDDEN_BLOCKS.contains(keyword)) {
                    errors.add(new RuleSetError(file, sheet, row.getKey() + 1, TableParser.columnLetter(cell.getKey()),
                            "'" + cell.getValue().strip() + "' blocks are not allowed in decision tables: a table works on the"
                                    + " fact model (Command, route) only; code belongs in DRL, which engineers upload"));
                } else if (keyword.equals("ruleset")) {
                    String name = row.getValue().get(cell.getKey() + 1);
                    if (name != null && !PACKAGE_NAME.matcher(name.strip()).matches()) {
                        errors.add(new RuleSetError(file, sheet, row.getKey() + 1, TableParser.columnLetter(cell.getKey() + 1),
                                "The RuleSet name must be a dotted name such as io.arbiter.policy.orders"));
                    }
                }
            }
        }
        if (!pkg.getImports().isEmpty() || !pkg.getVariables().isEmpty()) {
            errors.add(RuleSetError.ofFile(file, "Imports and variables are not allowed in decision tables"));
        }
    }

    /** The column kinds a data cell is checked as. */
    private enum Kind { NAME, TEXT, STRING, NUMBER, OTHER }

    private static void checkTable(String file, String sheet, TableParser.Listener listener, TableParser.Listener.Head head,
                                   List<RuleSetError> errors) {
        if (!safeText(head.name())) {
            errors.add(new RuleSetError(file, sheet, head.row() + 1, TableParser.columnLetter(head.column()),
                    "A table name may not contain quotes, backslashes or line breaks"));
        }
        Map<Integer, String> objectTypes = listener.cells.getOrDefault(head.row() + 2, Map.of());
        Map<Integer, Kind> kinds = new java.util.TreeMap<>();
        for (Map.Entry<Integer, TableParser.Header> column : listener.headers(head).entrySet()) {
            int col = column.getKey();
            TableParser.Header header = column.getValue();
            String type = header.type().strip().toUpperCase(Locale.ROOT);
            String at = TableParser.columnLetter(col);
            if (!COLUMN_TYPES.contains(type)) {
                errors.add(new RuleSetError(file, sheet, head.row() + 2, at, "Column type '" + header.type()
                        + "' is not allowed; use one of " + new java.util.TreeSet<>(COLUMN_TYPES)));
                continue;
            }
            String objectType = objectTypes.get(col);
            String code = header.code() == null ? "" : header.code().strip();
            switch (type) {
                case "CONDITION" -> {
                    if (objectType != null && !OBJECT_TYPE.matcher(objectType.strip()).matches()) {
                        errors.add(new RuleSetError(file, sheet, head.row() + 3, at,
                                "Conditions test the command: this cell may only say 'c: Command' (or 'c: Command...'), not '"
                                        + objectType.strip() + "'"));
                    }
                    if (!code.isEmpty()) {
                        String problem = ConditionGrammar.checkTemplate(code);
                        if (problem != null) {
                            errors.add(new RuleSetError(file, sheet, head.row() + 4, at, "Condition template '" + code
                                    + "' is not allowed: " + problem));
                        } else {
                            kinds.put(col, code.contains("\"$") ? Kind.STRING : Kind.NUMBER);
                        }
                    }
                }
                case "ACTION" -> {
                    if (objectType != null) {
                        errors.add(new RuleSetError(file, sheet, head.row() + 3, at, "An ACTION column has no object type;"
                                + " leave this cell empty"));
                    }
                    var m = ACTION_TEMPLATE.matcher(code);
                    if (!code.isEmpty() && !(m.matches() && ROUTE_FIELDS.contains(m.group(1)))) {
                        errors.add(new RuleSetError(file, sheet, head.row() + 4, at, "Action template '" + code
                                + "' is not allowed: an action sets one route field, e.g. route.owner(\"$param\"); — one of "
                                + new java.util.TreeSet<>(ROUTE_FIELDS)));
                    } else {
                        kinds.put(col, Kind.STRING);
                    }
                }
                case "NAME" -> kinds.put(col, Kind.NAME);
                case "DESCRIPTION" -> kinds.put(col, Kind.TEXT);
                default -> kinds.put(col, Kind.OTHER); // dates: parsed and rewritten by TableParser
            }
        }
        for (int row : listener.dataRows(head)) {
            for (Map.Entry<Integer, String> cell : listener.cells.get(row).entrySet()) {
                Kind kind = kinds.getOrDefault(cell.getKey(), Kind.OTHER);
                String problem = switch (kind) {
                    case NAME, TEXT, STRING -> safeText(cell.getValue()) && !cell.getValue().contains("*/") ? null
                            : "must be plain text: no quotes (\"), backslashes, line breaks or '*/'";
                    case NUMBER -> NUMBER.matcher(cell.getValue().strip()).matches() ? null : "must be a number";
                    case OTHER -> null;
                };
                if (problem != null) {
                    errors.add(new RuleSetError(file, sheet, row + 1, TableParser.columnLetter(cell.getKey()),
                            "'" + abbreviate(cell.getValue()) + "' " + problem));
                }
            }
        }
    }

    /** The backstop: whatever the templates and cells produced, each generated piece is in the grammar. */
    private static void checkGenerated(String file, String sheet, Package pkg, List<RuleSetError> errors) {
        for (Rule rule : pkg.getRules()) {
            Integer row = rule.getSpreadsheetRowNumber();
            List<String> problems = new ArrayList<>();
            if (!safeText(TableParser.unquote(rule.getName()))) {
                problems.add("the rule name is not plain text");
            }
            for (Condition c : rule.getConditions()) {
                String problem = ConditionGrammar.checkPattern(c.getSnippet());
                if (problem != null) {
                    problems.add("generated condition '" + abbreviate(c.getSnippet()) + "': " + problem);
                }
            }
            for (Consequence c : rule.getConsequences()) {
                var m = ACTION.matcher(c.getSnippet().strip());
                if (!(m.matches() && ROUTE_FIELDS.contains(m.group(1)))) {
                    problems.add("generated action '" + abbreviate(c.getSnippet()) + "' is not route.<field>(\"text\");");
                }
            }
            for (String p : problems) {
                errors.add(new RuleSetError(file, sheet, row, null, "Rejected: " + p));
            }
        }
    }

    static boolean safeText(String s) {
        return s == null || (s.indexOf('"') < 0 && s.indexOf('\\') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0);
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", "\\n").replace("\r", "\\r");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}

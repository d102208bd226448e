package io.arbiter.ruleset;

import io.arbiter.decision.Acceptance;
import io.arbiter.decision.FailureContract;
import io.arbiter.decision.Mode;
import io.arbiter.decision.Route;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.parser.DefaultRuleSheetListener;
import org.drools.decisiontable.parser.RuleSheetParserUtil;
import org.drools.decisiontable.parser.csv.CsvLineParser;
import org.drools.decisiontable.parser.csv.CsvParser;
import org.drools.decisiontable.parser.xls.ExcelParser;
import org.drools.template.model.Condition;
import org.drools.template.model.DRLOutput;
import org.drools.template.model.Global;
import org.drools.template.model.Import;
import org.drools.template.model.Package;
import org.drools.template.model.Rule;
import org.drools.template.parser.DataListener;
import org.drools.template.parser.DecisionTableParseException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one decision-table file (XLSX/XLS: every worksheet holding a RuleTable; CSV: the file) with
 * Drools' own parser and turns each worksheet into DRL, remembering for every generated rule the
 * sheet, table and row it came from so compile errors can be reported against cells.
 *
 * <p>Arbiter adds to every table what the fact model needs, so analysts never write code
 * boilerplate: the import of {@code Command} and the {@code route} global. Dates in DATE-EFFECTIVE /
 * DATE-EXPIRES columns are ISO ({@code 2026-12-01} = midnight UTC, or a full ISO instant) and are
 * normalised to the unambiguous format Drools is configured with ({@link #DROOLS_DATE_FORMAT}).
 */
final class TableParser {
    /** Drools reads this once, at class initialisation: {@link RuleSetCompiler} sets it before using Drools. */
    static final String DROOLS_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ssXXX";
    private static final DateTimeFormatter DROOLS_DATE = DateTimeFormatter.ofPattern(DROOLS_DATE_FORMAT, Locale.ROOT);
    private static final Pattern CELL_REF = Pattern.compile("\\b([A-Z]{1,3})(\\d{1,7})\\b");

    /** A worksheet compiled to DRL, with the rules in the order they appear in the DRL. */
    record Sheet(String file, String sheet, String drl, List<TableRule> rules, Map<Integer, Map<Integer, String>> cells,
                 Map<Integer, Map<Integer, Header>> headersByHeadRow) {

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

    /** One generated rule: its name, its RuleTable (and the 0-based row of its head), spreadsheet row (1-based) and first DRL line. */
    record TableRule(String name, String table, int headRow, int row, int drlLine) {
    }

    /** What a column's header says: its type (CONDITION/ACTION/NAME…), code template and plain-language label. */
    record Header(String type, String code, String label) {
    }

    private TableParser() {
    }

    /** Parses a table file; problems go to {@code errors} with their location, and the file yields no sheets. */
    static List<Sheet> parse(RuleSetFile file, List<RuleSetError> errors) {
        List<Sheet> sheets = new ArrayList<>();
        if (file.kind() == RuleSetFile.Kind.CSV) {
            Listener listener = new Listener();
            try {
                new CsvParser(listener, new CsvLineParser()).parseFile(new ByteArrayInputStream(file.content()));
                finish(file, null, listener, sheets, errors);
            } catch (RuntimeException e) {
                errors.add(locate(file.name(), null, e));
            }
            return sheets;
        }
        Map<String, Listener> listeners = new LinkedHashMap<>();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.content()))) {
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                listeners.put(workbook.getSheetName(i), new Listener());
            }
            Map<String, List<DataListener>> bySheet = new LinkedHashMap<>();
            listeners.forEach((name, l) -> bySheet.put(name, List.of(l)));
            new ExcelParser(bySheet).parseWorkbook(workbook);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DecisionTableParseException || e.getCause() instanceof DecisionTableParseException) {
                errors.add(locate(file.name(), null, e));
            } else {
                errors.add(RuleSetError.ofFile(file.name(), "Not a readable " + file.kind() + " workbook: " + e.getMessage()));
            }
            return sheets;
        }
        for (Map.Entry<String, Listener> e : listeners.entrySet()) {
            if (!e.getValue().heads.isEmpty()) {
                finish(file, e.getKey(), e.getValue(), sheets, errors);
            }
        }
        if (sheets.isEmpty() && errors.stream().noneMatch(err -> err.file().equals(file.name()))) {
            errors.add(RuleSetError.ofFile(file.name(), "No worksheet holds a 'RuleTable' cell"));
        }
        return sheets;
    }

    private static void finish(RuleSetFile file, String sheet, Listener listener, List<Sheet> sheets,
                               List<RuleSetError> errors) {
        Package pkg;
        try {
            pkg = listener.getRuleSet();
        } catch (RuntimeException e) {
            errors.add(locate(file.name(), sheet, e));
            return;
        }
        int before = errors.size();
        List<RuleSetError> guard = new ArrayList<>();
        TableGuard.check(file.name(), sheet, listener, pkg, guard);
        errors.addAll(guard);
        validateColumnsHaveCode(file.name(), sheet, listener, errors);
        validateEnumCells(file.name(), sheet, listener, errors);
        if (pkg.getImports().stream().noneMatch(i -> i.getClassName().equals("io.arbiter.decision.Command"))) {
            Import command = new Import();
            command.setClassName("io.arbiter.decision.Command");
            pkg.addImport(command);
        }
        if (pkg.getVariables().stream().noneMatch(g -> "route".equals(g.getIdentifier()))) {
            Global route = new Global();
            route.setClassName(Route.class.getName());
            route.setIdentifier("route");
            pkg.addVariable(route);
        }
        List<Rule> rules = pkg.getRules();
        List<String[]> placed = new ArrayList<>();
        for (Rule rule : rules) {
            int row = rule.getSpreadsheetRowNumber();
            Listener.Head head = listener.headFor(row - 1);
            placed.add(new String[] {head.name(), Integer.toString(head.row())});
            if (rule.getConditions().isEmpty()) {
                // A row with every condition blank matches every command. Without a pattern Drools
                // would fire it once per session instead of once per command.
                Condition any = new Condition();
                any.setSnippet("Command()");
                rule.addCondition(any);
            }
            normaliseDate(file.name(), sheet, listener, rule, row, "date-effective", errors);
            normaliseDate(file.name(), sheet, listener, rule, row, "date-expires", errors);
        }
        if (errors.size() > before) {
            return;
        }
        DRLOutput out = new DRLOutput();
        pkg.renderDRL(out);
        String drl = out.getDRL();
        List<TableRule> located = new ArrayList<>(rules.size());
        String[] lines = drl.split("\n", -1);
        int ruleIndex = 0;
        for (int i = 0; i < lines.length && ruleIndex < rules.size(); i++) {
            if (lines[i].startsWith("rule ")) {
                Rule rule = rules.get(ruleIndex);
                String[] head = placed.get(ruleIndex);
                located.add(new TableRule(unquote(rule.getName()), head[0], Integer.parseInt(head[1]),
                        rule.getSpreadsheetRowNumber(), i + 1));
                ruleIndex++;
            }
        }
        sheets.add(new Sheet(file.name(), sheet, drl, located, listener.cells, listener.headersOf()));
    }

    /** DATE-EFFECTIVE / DATE-EXPIRES cells: ISO date (midnight UTC) or ISO date-time, rewritten for Drools. */
    private static void normaliseDate(String file, String sheet, Listener listener, Rule rule, int row, String attribute,
                                      List<RuleSetError> errors) {
        String quoted = rule.getAttribute(attribute);
        if (quoted == null) {
            return;
        }
        String value = unquote(quoted);
        try {
            Instant instant = parseIsoInstant(value);
            String drools = DROOLS_DATE.format(instant.atOffset(ZoneOffset.UTC));
            if (attribute.equals("date-effective")) {
                rule.setDateEffective(drools);
            } else {
                rule.setDateExpires(drools);
            }
        } catch (DateTimeParseException e) {
            String column = listener.columnOfType(row - 1, attribute);
            errors.add(new RuleSetError(file, sheet, row, column,
                    "'" + value + "' is not a date for " + attribute.toUpperCase(Locale.ROOT)
                            + ": write 2026-12-01 (midnight UTC) or 2026-12-01T08:00:00Z"));
        }
    }

    static Instant parseIsoInstant(String value) {
        String v = value.strip();
        if (v.length() == 10) {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        }
    }

    /**
     * A CONDITION or ACTION column with values but no code template: Drools would silently ignore
     * the values (a condition that never constrains), so it is an error at the header cell.
     */
    private static void validateColumnsHaveCode(String file, String sheet, Listener listener, List<RuleSetError> errors) {
        for (Listener.Head head : listener.heads) {
            for (Map.Entry<Integer, Header> column : listener.headers(head).entrySet()) {
                Header header = column.getValue();
                boolean codeColumn = "CONDITION".equalsIgnoreCase(header.type()) || "ACTION".equalsIgnoreCase(header.type());
                if (!codeColumn || (header.code() != null && !header.code().isBlank())) {
                    continue;
                }
                for (int row : listener.dataRows(head)) {
                    if (listener.cells.get(row).containsKey(column.getKey())) {
                        errors.add(new RuleSetError(file, sheet, head.row() + 4, columnLetter(column.getKey()),
                                header.type() + " column '" + (header.label() == null ? "" : header.label())
                                        + "' has values (first in row " + (row + 1) + ") but no code template in this cell"));
                        break;
                    }
                }
            }
        }
    }

    /** route.mode / acceptance / failureContract cells must name a known value: caught here, not at decide time. */
    private static void validateEnumCells(String file, String sheet, Listener listener, List<RuleSetError> errors) {
        for (Listener.Head head : listener.heads) {
            for (Map.Entry<Integer, Header> column : listener.headers(head).entrySet()) {
                Header header = column.getValue();
                if (header.code() == null || !"ACTION".equalsIgnoreCase(header.type())) {
                    continue;
                }
                Matcher m = TableGuard.ACTION_TEMPLATE.matcher(header.code().strip());
                if (!m.matches()) {
                    continue;
                }
                Class<? extends Enum<?>> type = switch (m.group(1)) {
                    case "mode" -> Mode.class;
                    case "acceptance" -> Acceptance.class;
                    case "failureContract" -> FailureContract.class;
                    default -> null;
                };
                if (type == null) {
                    continue;
                }
                for (int row : listener.dataRows(head)) {
                    String value = listener.cells.get(row).get(column.getKey());
                    if (value == null || value.isBlank()) {
                        continue;
                    }
                    try {
                        parseEnum(type, m.group(1), value);
                    } catch (IllegalArgumentException e) {
                        errors.add(new RuleSetError(file, sheet, row + 1, columnLetter(column.getKey()),
                                e.getMessage() + " (column '" + header.label() + "')"));
                    }
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void parseEnum(Class type, String field, String value) {
        Route.parse(type, field, value);
    }

    /** Drools parse errors name a cell ("cell C12"); report it as sheet/row/column. */
    static RuleSetError locate(String file, String sheet, Throwable e) {
        String message = rootMessage(e);
        Matcher m = CELL_REF.matcher(message);
        if (message.contains("cell") && m.find()) {
            return new RuleSetError(file, sheet, Integer.parseInt(m.group(2)), m.group(1), message);
        }
        return new RuleSetError(file, sheet, null, null, message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof DecisionTableParseException) {
                break;
            }
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** Drools' listener, recording every cell and where each RuleTable starts. Rows and columns are 0-based. */
    static final class Listener extends DefaultRuleSheetListener {
        record Head(String name, int row, int column) {
        }

        final Map<Integer, Map<Integer, String>> cells = new TreeMap<>();
        final List<Head> heads = new ArrayList<>();

        Listener() {
            super(true, true);
        }

        @Override
        public void newCell(int row, int column, String value, int mergedColStart) {
            if (value != null && !value.isBlank()) {
                cells.computeIfAbsent(row, r -> new TreeMap<>()).put(column, value.strip());
                String lower = value.strip().toLowerCase(Locale.ROOT);
                if (lower.equals("ruletable") || lower.startsWith("ruletable ")) {
                    heads.add(new Head(RuleSheetParserUtil.getRuleName(value.strip()), row, column));
                }
            }
            super.newCell(row, column, value, mergedColStart);
        }

        Head headAt(int row) {
            return heads.stream().filter(h -> h.row() == row).findFirst().orElse(null);
        }

        /** A table's data rows (0-based): from under its labels to the first blank row or next table, as in Drools. */
        List<Integer> dataRows(Head head) {
            List<Integer> rows = new ArrayList<>();
            for (int row = head.row() + 5; cells.containsKey(row) && headAt(row) == null; row++) {
                rows.add(row);
            }
            return rows;
        }

        /** The RuleTable a 0-based data row belongs to: the nearest head above it. */
        Head headFor(int row) {
            Head found = null;
            for (Head h : heads) {
                if (h.row() < row) {
                    found = h;
                }
            }
            return found;
        }

        Map<Integer, Header> headers(Head head) {
            Map<Integer, Header> out = new TreeMap<>();
            Map<Integer, String> types = cells.getOrDefault(head.row() + 1, Map.of());
            for (Map.Entry<Integer, String> t : types.entrySet()) {
                if (t.getKey() < head.column()) {
                    continue;
                }
                out.put(t.getKey(), new Header(t.getValue(),
                        cells.getOrDefault(head.row() + 3, Map.of()).get(t.getKey()),
                        cells.getOrDefault(head.row() + 4, Map.of()).get(t.getKey())));
            }
            return out;
        }

        /** Column headers of every table, by the 0-based row of the table's head. */
        Map<Integer, Map<Integer, Header>> headersOf() {
            Map<Integer, Map<Integer, Header>> all = new TreeMap<>();
            for (Head h : heads) {
                all.put(h.row(), headers(h));
            }
            return all;
        }

        /** The column letter of the column of a type (e.g. DATE-EFFECTIVE) in the table of a 0-based row, or null. */
        String columnOfType(int row, String type) {
            Head head = headFor(row);
            if (head == null) {
                return null;
            }
            for (Map.Entry<Integer, Header> column : headers(head).entrySet()) {
                if (type.equalsIgnoreCase(column.getValue().type())) {
                    return columnLetter(column.getKey());
                }
            }
            return null;
        }
    }

    static String columnLetter(int column) {
        return RuleSheetParserUtil.rc2name(0, column).replaceAll("\\d", "");
    }
}

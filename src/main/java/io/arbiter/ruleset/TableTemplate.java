package io.arbiter.ruleset;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.arbiter.decision.FactType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A new decision table in the standard layout, for the browser editor's "New table": a RuleSet
 * line, the RuleTable row, and a NAME column, a CONDITION column for each field of the fact model a
 * table routes kinds of commands by, an ACTION column for each route field, and the effective and
 * expiry dates — with the analyst's labels, and no rules yet. Written and read back as any stored
 * table ({@link TableGrids}), so the editor opens it as it opens a file, and what it saves is an
 * ordinary table file.
 *
 * <p>The columns derive from {@link FactModel#FIELDS} and {@link RouteAction#FIELDS}: a field added
 * there is a column here. Not offered: the identifiers ({@code commandId}, {@code businessKey}) — a
 * rule testing one routes one command or one aggregate, not a kind of them (rollouts split by the
 * bucket, which derives from them) — and attributes, whose column needs the attribute's name; an
 * engineer or a spreadsheet program adds such a column.
 */
public final class TableTemplate {
    private static final List<FactField> NOT_OFFERED = List.of(FactModel.COMMAND_ID, FactModel.BUSINESS_KEY);
    /** The route fields in the order the analyst guide lists them; {@link RouteAction#FIELDS} has no order. */
    private static final List<String> ACTIONS = List.of("owner", "implementation", "mode", "acceptance", "translation",
            "failureContract", "destination", "reason");
    private static final String PACKAGE_PREFIX = "io.arbiter.policy.";

    private TableTemplate() {
    }

    /** Why {@code name} cannot be a new table file's name, or null when it can. */
    public static String fileNameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "required: a name such as 25-eu-store-pilot.drl.csv";
        }
        RuleSetFile.Kind kind = RuleSetFile.kindOf(name);
        if (kind == null || kind == RuleSetFile.Kind.DRL) {
            return "a decision table's name ends in .drl.csv, .drl.xlsx or .drl.xls";
        }
        return RuleSetFile.addressable(name) ? null : RuleSetFile.ADDRESSABLE_RULE;
    }

    /** Why {@code table} cannot name a table, or null when it can. */
    public static String tableNameProblem(String table) {
        if (table == null || table.isBlank()) {
            return "required: a name such as EU store pilot";
        }
        return CellText.literal(table.strip()) ? null : "a table name " + CellText.LITERAL_RULE;
    }

    /** The new file {@code name} holding one table called {@code table}, as the editor shows it. */
    public static List<TableGrids.Sheet> grid(String name, String table) {
        String problem = fileNameProblem(name) != null ? fileNameProblem(name) : tableNameProblem(table);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        RuleSetFile.Kind kind = RuleSetFile.kindOf(name);
        String sheet = kind == RuleSetFile.Kind.CSV ? null : TableFormats.sheetName(name);
        return TableGrids.read(TableGrids.write(name, List.of(new TableGrids.SheetText(sheet, rows(table.strip()))), null));
    }

    /** The header rows; the table has no rules until the analyst adds them. */
    static List<List<String>> rows(String table) {
        List<List<String>> columns = new ArrayList<>();   // each: type, object type, template, label
        columns.add(List.of("NAME", "", "", "Rule"));
        for (FactField field : FactModel.FIELDS) {
            // Attributes and signals are tested by name: which names, only the analyst knows.
            if (!NOT_OFFERED.contains(field) && field.type() != FactType.ATTRIBUTES && field.type() != FactType.SIGNAL) {
                columns.add(List.of("CONDITION", "c: Command...", condition(field), label(field)));
            }
        }
        for (String action : ACTIONS) {
            columns.add(List.of("ACTION", "", "route." + action + "(\"$param\");", actionLabel(action)));
        }
        columns.add(List.of("DATE-EFFECTIVE", "", "", "Effective from"));
        columns.add(List.of("DATE-EXPIRES", "", "", "Expires"));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("RuleSet", packageName(table)));
        rows.add(List.of());
        rows.add(List.of("RuleTable " + table));
        for (int header = 0; header < 4; header++) {
            int h = header;
            rows.add(columns.stream().map(c -> c.get(h)).toList());
        }
        return rows;
    }

    /** Text compared with one value; the command type with a list, as a table usually covers several; numbers as a threshold. */
    private static String condition(FactField field) {
        if (field.type() == FactType.NUMBER) {
            return field.name() + " < $param";
        }
        return field == FactModel.TYPE ? "forall(||){type == \"$\"}" : field.name() + " == \"$param\"";
    }

    private static String label(FactField field) {
        if (field == FactModel.TYPE) {
            return "Command types";
        }
        if (field == FactModel.BUCKET) {
            return "Rollout bucket below";
        }
        return words(field.name()) + (field.type() == FactType.NUMBER ? " below" : "");
    }

    private static String actionLabel(String field) {
        return switch (field) {
            case "translation" -> "Anti-corruption layer";
            case "reason" -> "Why";
            default -> words(field);
        };
    }

    /** {@code customerTier} → {@code Customer tier}. */
    private static String words(String camelCase) {
        String spaced = camelCase.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /**
     * {@code io.arbiter.policy.eu_store_pilot} for "EU store pilot"; a name that makes no package (a Java
     * keyword, a leading digit, a letter beyond ASCII) gets a plain one — the package only groups the rules.
     */
    static String packageName(String table) {
        String words = String.join("_", table.toLowerCase(Locale.ROOT).strip().split("[^\\p{L}\\p{N}]+"));
        String name = PACKAGE_PREFIX + words;
        return !words.isEmpty() && TableReader.packageName(name) ? name : PACKAGE_PREFIX + "tables";
    }
}

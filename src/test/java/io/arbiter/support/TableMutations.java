package io.arbiter.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bad decision tables for the fuzz suites: a valid table with one mutation — a Drools keyword and
 * its block anywhere on the sheet, or code and Unicode junk in any cell. Every payload that would
 * run creates {@link #marker()} (or ends the JVM), so "nothing ran" is a file that never appears.
 */
public final class TableMutations {
    /** The table every case starts from: rows 0–9, columns A–G. */
    public static final List<String[]> BASE = Workbooks.csv(String.join("\n",
            "RuleSet,io.arbiter.fuzz",
            ",",
            "RuleTable Fuzz",
            "NAME,CONDITION,CONDITION,CONDITION,ACTION,ACTION,DATE-EFFECTIVE",
            ",c: Command...,c: Command...,c: Command...,,,",
            ",\"type == \"\"$param\"\"\",\"forall(||){market == \"\"$\"\"}\",bucket < $param,\"route.owner(\"\"$param\"\");\",\"route.mode(\"\"$param\"\");\",",
            "Rule,Type,Markets,Bucket below,Owner,Mode,From",
            "EU orders,PlaceOrder,\"EU, UK\",20,eu-orders,DIRECT,2026-01-01",
            "Refunds,IssueRefund,,,billing,ORCHESTRATED,",
            "Everything else,,,,orders,ASYNC,"));
    public static final int TABLE_COLUMNS = 7;
    static final Set<String> COLUMN_TYPES = Set.of("NAME", "DESCRIPTION", "CONDITION", "ACTION", "DATE-EFFECTIVE", "DATE-EXPIRES");

    public static final List<String> KEYWORDS = List.of("RuleSet", "Import", "Variables", "Functions", "Queries", "Declare",
            "Unit", "Dialect", "Sequential", "SequentialMaxPriority", "SequentialMinPriority", "EscapeQuotes", "NumericDisabled",
            "Salience", "Priority", "Duration", "Timer", "Enabled", "Calendars", "No-Loop", "Lock-On-Active", "Auto-Focus",
            "Activation-Group", "Agenda-Group", "RuleFlow-Group", "Date-Effective", "Date-Expires", "Metadata",
            "RuleTemplate", "Notes", "Properties", "RuleTable", "TIMER", "timer:", "NAME", "CONDITION", "ACTION");

    private final Path marker;
    private final List<String> payloads;

    public TableMutations(Path marker) {
        this.marker = marker;
        String exec = "java.lang.Runtime.getRuntime().exec(new String[] {\"touch\", \"" + marker + "\"})";
        this.payloads = List.of(
                "x(expr: " + exec + ".waitFor())",
                "int:0 1s",
                "function void boom() { " + exec + "; }",
                "java.lang.Runtime",
                "java.lang.Runtime rt",
                "true",
                "10",
                "mvel",
                "x\"); " + exec + "; route.owner(\"y",
                "PlaceOrder\" || eval(" + exec + " != null) || type == \"x",
                "20 || eval(" + exec + " != null)",
                "eval(" + exec + " != null)",
                exec + ";",
                "c: Command(eval(" + exec + " != null))",
                "route.reason(new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(\"/etc/passwd\"))));",
                "x */ " + exec + "; /* y",
                "\\u0022); " + exec + "; //",
                "${" + exec + "}",
                "#{" + exec + "}",
                "@{" + exec + "}",
                "x\nrule \"y\" when then " + exec + "; end",
                "a\u0000b",
                "a\ud800b",
                "a\u0007b",
                "EU...",
                "-",
                "");
    }

    /** The file whose appearance means a payload ran. */
    public Path marker() {
        return marker;
    }

    public List<String> payloads() {
        return payloads;
    }

    /** A keyword with a payload at a cell, or (keyword null) a payload alone; as a new row or in place. */
    public record Mutation(int row, int column, String keyword, String payload, boolean asRow) {
        public List<String[]> apply() {
            List<String[]> rows = new ArrayList<>();
            BASE.forEach(r -> rows.add(Arrays.copyOf(r, Math.max(r.length, column + 2))));
            while (rows.size() <= row) {
                rows.add(new String[column + 2]);
            }
            if (asRow) {
                String[] inserted = new String[column + 2];
                inserted[column] = keyword;
                inserted[column + 1] = payload;
                rows.add(row, inserted);
            } else {
                String[] r = rows.get(row);
                if (r.length <= column + 1) {
                    r = Arrays.copyOf(r, column + 2);
                    rows.set(row, r);
                }
                r[column] = keyword == null ? payload : keyword;
                if (keyword != null) {
                    r[column + 1] = payload;
                }
            }
            return rows;
        }

        /**
         * Where no table reaches, so the keyword must be an error at its own cell: a row inserted
         * above the table's head (but for a RuleSet line put first, which makes the original the
         * second one), row 1 (the blank separator), row 0 right of the RuleSet cells, and every
         * column right of the table — except a column type (CONDITION, DATE-EXPIRES, …) in the type
         * row, which adds a column.
         */
        public boolean outsideEveryTable() {
            if (keyword == null) {
                return false;
            }
            if (asRow) {
                return row <= 2 && !(row == 0 && keyword.equalsIgnoreCase("ruleset"));
            }
            boolean addsColumn = row == 3 && COLUMN_TYPES.contains(keyword.toUpperCase(Locale.ROOT));
            return row == 1 || (row == 0 && column >= 2) || (column >= TABLE_COLUMNS && !addsColumn);
        }

        /** The cell the keyword stands in, e.g. "H4". */
        public String cell() {
            StringBuilder letters = new StringBuilder();
            for (int c = column + 1; c > 0; c = (c - 1) / 26) {
                letters.insert(0, (char) ('A' + (c - 1) % 26));
            }
            return letters.toString() + (row + 1);
        }

        /** The table as a CSV or an XLSX file. */
        public byte[] file(boolean xlsx) {
            return xlsx ? Workbooks.xlsx("Fuzz", apply()) : csv(apply()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A keyword with a payload anywhere, drawn from {@code random} (for suites that are not jqwik properties). */
    public Mutation keywordAnywhere(Random random) {
        return new Mutation(random.nextInt(14), random.nextInt(11), KEYWORDS.get(random.nextInt(KEYWORDS.size())),
                payloads.get(random.nextInt(payloads.size())), random.nextBoolean());
    }

    /** A payload in any cell, drawn from {@code random}. */
    public Mutation payloadInAnyCell(Random random) {
        return new Mutation(random.nextInt(12), random.nextInt(9), null, payloads.get(random.nextInt(payloads.size())), false);
    }

    /** CSV as a spreadsheet program writes it: every cell quoted, quotes doubled. */
    public static String csv(List<String[]> rows) {
        return rows.stream().map(r -> Arrays.stream(r).map(c -> c == null ? "" : "\"" + c.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(","))).collect(Collectors.joining("\n")) + "\n";
    }
}

package io.arbiter.ruleset;

import io.arbiter.support.Workbooks;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded, reproducible fuzzing of the table allow-list (jqwik prints the seed of a failing run; rerun
 * it with {@code @Property(seed = "…")}). A valid table gets one mutation — every Drools keyword and
 * block, in every position of the sheet, with code in its value; code or Unicode junk in any cell —
 * and is compiled as CSV or XLSX, then warmed up and evaluated as an upload would be. Whatever
 * happens: the only failure is a located {@link RuleSetRejectedException}, a keyword outside a
 * table is always rejected at its own cell, and no payload ever runs (it would create
 * {@link TableInjectionTest#MARKER} or end this JVM).
 */
class TableFuzzTest {
    /** The table every case starts from: rows 0–10, columns A–G. */
    static final List<String[]> BASE = Workbooks.csv(String.join("\n",
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
    static final int TABLE_COLUMNS = 7;
    static final java.util.Set<String> COLUMN_TYPES = java.util.Set.of("NAME", "DESCRIPTION", "CONDITION", "ACTION",
            "DATE-EFFECTIVE", "DATE-EXPIRES");

    static final List<String> KEYWORDS = List.of("RuleSet", "Import", "Variables", "Functions", "Queries", "Declare", "Unit",
            "Dialect", "Sequential", "SequentialMaxPriority", "SequentialMinPriority", "EscapeQuotes", "NumericDisabled",
            "Salience", "Priority", "Duration", "Timer", "Enabled", "Calendars", "No-Loop", "Lock-On-Active", "Auto-Focus",
            "Activation-Group", "Agenda-Group", "RuleFlow-Group", "Date-Effective", "Date-Expires", "Metadata",
            "RuleTemplate", "Notes", "Properties", "RuleTable", "TIMER", "timer:", "NAME", "CONDITION", "ACTION");

    static final String EXEC = "java.lang.Runtime.getRuntime().exec(new String[] {\"touch\", \"" + TableInjectionTest.MARKER + "\"})";
    static final List<String> PAYLOADS = List.of(
            "x(expr: " + EXEC + ".waitFor())",
            "int:0 1s",
            "function void boom() { " + EXEC + "; }",
            "java.lang.Runtime",
            "java.lang.Runtime rt",
            "true",
            "10",
            "mvel",
            "x\"); " + EXEC + "; route.owner(\"y",
            "PlaceOrder\" || eval(" + EXEC + " != null) || type == \"x",
            "20 || eval(" + EXEC + " != null)",
            "eval(" + EXEC + " != null)",
            EXEC + ";",
            "c: Command(eval(" + EXEC + " != null))",
            "route.reason(new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(\"/etc/passwd\"))));",
            "x */ " + EXEC + "; /* y",
            "\\u0022); " + EXEC + "; //",
            "${" + EXEC + "}",
            "#{" + EXEC + "}",
            "@{" + EXEC + "}",
            "x\nrule \"y\" when then " + EXEC + "; end",
            "a\u0000b",
            "a\ud800b",
            "a\u0007b",
            "EU...",
            "-",
            "");

    record Mutation(int row, int column, String keyword, String payload, boolean asRow) {
        List<String[]> apply() {
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
        boolean outsideEveryTable() {
            if (keyword == null) {
                return false;
            }
            if (asRow) {
                return row <= 2 && !(row == 0 && keyword.equalsIgnoreCase("ruleset"));
            }
            boolean addsColumn = row == 3 && COLUMN_TYPES.contains(keyword.toUpperCase(java.util.Locale.ROOT));
            return row == 1 || (row == 0 && column >= 2) || (column >= TABLE_COLUMNS && !addsColumn);
        }
    }

    @Provide
    Arbitrary<Mutation> keywordsAnywhere() {
        return Combinators.combine(Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 10),
                Arbitraries.of(KEYWORDS), Arbitraries.of(PAYLOADS), Arbitraries.of(true, false)).as(Mutation::new);
    }

    @Provide
    Arbitrary<Mutation> payloadInAnyCell() {
        Arbitrary<String> junk = Arbitraries.oneOf(Arbitraries.of(PAYLOADS),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("\"\\$(){},;:|&=!<>'`\n\r\u0000\ud800\udc00*/#@").ofMaxLength(20));
        return Combinators.combine(Arbitraries.integers().between(0, 11), Arbitraries.integers().between(0, 8),
                junk).as((row, column, payload) -> new Mutation(row, column, null, payload, false));
    }

    @Property(tries = 250)
    void aKeywordAnywhereIsRejectedOrHarmlessInCsv(@ForAll("keywordsAnywhere") Mutation m) {
        check(m, false);
    }

    @Property(tries = 150)
    void aKeywordAnywhereIsRejectedOrHarmlessInXlsx(@ForAll("keywordsAnywhere") Mutation m) {
        check(m, true);
    }

    @Property(tries = 250)
    void codeOrJunkInAnyCellIsRejectedOrHarmlessInCsv(@ForAll("payloadInAnyCell") Mutation m) {
        check(m, false);
    }

    @Property(tries = 150)
    void codeOrJunkInAnyCellIsRejectedOrHarmlessInXlsx(@ForAll("payloadInAnyCell") Mutation m) {
        check(m, true);
    }

    private static void check(Mutation m, boolean xlsx) {
        List<String[]> rows = m.apply();
        RuleSetFile file = xlsx ? new RuleSetFile("10-fuzz.drl.xlsx", Workbooks.xlsx("Fuzz", rows))
                : new RuleSetFile("10-fuzz.drl.csv", csv(rows).getBytes(StandardCharsets.UTF_8));
        try {
            CompiledRuleSet compiled = RuleSets.compile(file).warmUp(1);
            assertFalse(m.outsideEveryTable(), "a keyword outside every table was accepted: " + m);
            for (String type : new String[] {"PlaceOrder", "IssueRefund", "CancelOrder"}) {
                RuleSets.decide(compiled, RuleSets.command(type, "EU", "web", "order-1", Map.of()));
            }
        } catch (RuleSetRejectedException e) {
            assertFalse(e.errors().isEmpty());
            assertTrue(e.errors().stream().allMatch(err -> file.name().equals(err.file())), e.errors().toString());
            // A cell no text may hold (NUL, control, lone surrogate) is reported first, and alone.
            if (m.outsideEveryTable() && CellText.problem(m.payload()) == null) {
                String cell = CellGrid.columnLetter(m.column()) + (m.row() + 1);
                assertTrue(e.errors().stream().anyMatch(err -> cell.equals(err.column() + err.row())),
                        "expected an error at " + cell + " for " + m + ", got " + e.errors());
            }
        } catch (RuleEvaluationException e) {
            // a row that compiled but failed while evaluating: decide answers that as an error, it runs nothing
            assertTrue(e.getMessage() != null);
        }
        assertFalse(Files.exists(TableInjectionTest.MARKER), "a payload ran: " + m);
    }

    /** CSV as a spreadsheet program writes it: every cell quoted, quotes doubled. */
    static String csv(List<String[]> rows) {
        return rows.stream().map(r -> Arrays.stream(r).map(c -> c == null ? "" : "\"" + c.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(","))).collect(Collectors.joining("\n")) + "\n";
    }

    @AfterContainer
    static void noPayloadEverRan() {
        assertEquals(false, Files.exists(TableInjectionTest.MARKER), "an injection payload ran");
    }
}

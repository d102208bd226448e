package io.arbiter.ruleset;

import io.arbiter.support.TableMutations;
import io.arbiter.support.TableMutations.Mutation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.file.Files;
import java.util.Map;

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
    static final TableMutations TABLES = new TableMutations(TableInjectionTest.MARKER);

    @Provide
    Arbitrary<Mutation> keywordsAnywhere() {
        return Combinators.combine(Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 10),
                Arbitraries.of(TableMutations.KEYWORDS), Arbitraries.of(TABLES.payloads()), Arbitraries.of(true, false)).as(Mutation::new);
    }

    @Provide
    Arbitrary<Mutation> payloadInAnyCell() {
        Arbitrary<String> junk = Arbitraries.oneOf(Arbitraries.of(TABLES.payloads()),
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
        RuleSetFile file = new RuleSetFile(xlsx ? "10-fuzz.drl.xlsx" : "10-fuzz.drl.csv", m.file(xlsx));
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
                String cell = m.cell();
                assertTrue(e.errors().stream().anyMatch(err -> cell.equals(err.column() + err.row())),
                        "expected an error at " + cell + " for " + m + ", got " + e.errors());
            }
        } catch (RuleEvaluationException e) {
            // a row that compiled but failed while evaluating: decide answers that as an error, it runs nothing
            assertTrue(e.getMessage() != null);
        }
        assertFalse(Files.exists(TableInjectionTest.MARKER), "a payload ran: " + m);
    }

    @AfterContainer
    static void noPayloadEverRan() {
        assertEquals(false, Files.exists(TableInjectionTest.MARKER), "an injection payload ran");
    }
}

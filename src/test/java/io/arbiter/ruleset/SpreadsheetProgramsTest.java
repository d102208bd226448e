package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;

import static io.arbiter.ruleset.RuleSets.command;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tables as a real spreadsheet program saves them. The files under {@code libreoffice/} were made
 * by LibreOffice 7.4 from the bundled tables (how: {@code src/test/resources/libreoffice/README.md}):
 * the CSV opened and saved as XLSX and as XLS — the {@code c: Command...} marker stays text in each
 * cell, {@code 20} becomes a number cell and {@code 2026-01-15} a date cell — and the XLSX re-saved.
 * Each must decide exactly as the bundled file does, whatever the server's time zone.
 */
class SpreadsheetProgramsTest {
    private static final TimeZone ORIGINAL = TimeZone.getDefault();

    @AfterEach
    void restoreTimeZone() {
        TimeZone.setDefault(ORIGINAL);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"America/Los_Angeles", "UTC", "Pacific/Kiritimati"})
    void theCsvTableSavedAsXlsxByLibreOfficeDecidesAsTheCsvDoes(String zone) {
        assertSameDecisions(zone, "20-order-migration.drl.csv", "20-order-migration.drl.xlsx");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"America/Los_Angeles", "Pacific/Kiritimati"})
    void theCsvTableSavedAsXlsByLibreOfficeDecidesAsTheCsvDoes(String zone) {
        assertSameDecisions(zone, "20-order-migration.drl.csv", "20-order-migration.drl.xls");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"America/Los_Angeles"})
    void theXlsxTableResavedByLibreOfficeDecidesAsBefore(String zone) {
        assertSameDecisions(zone, "30-data-residency.drl.xlsx", "30-data-residency.drl.xlsx");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"America/Los_Angeles", "Pacific/Kiritimati"})
    void aDateCellMeansMidnightUtcInAnyServerTimeZone(String zone) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        CompiledRuleSet saved = TestSignals.compiler().compile(1, replacing("20-order-migration.drl.csv", "20-order-migration.drl.xlsx"));
        Command pilot = command("PlaceOrder", "US", "web", "order-1001", Map.of());
        Command cohort = Command.of(new io.arbiter.decision.CommandEnvelope("c-1", "PlaceOrder", "order-1001", "acme", "US",
                "web", null, null, "pilot-2026", Map.of(), null, null, null));
        assertEquals("legacy", saved.evaluate(pilot, Instant.parse("2026-01-15T00:00:01Z")).implementation());
        assertEquals("new", saved.evaluate(cohort, Instant.parse("2026-01-15T00:00:01Z")).implementation());
        assertEquals("legacy", saved.evaluate(cohort, Instant.parse("2026-01-14T23:59:59Z")).implementation());
    }

    private static void assertSameDecisions(String zone, String bundledName, String savedName) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        CompiledRuleSet bundled = TestSignals.compiler().compile(1, BundledRuleSet.load());
        CompiledRuleSet saved = TestSignals.compiler().compile(1, replacing(bundledName, savedName));
        assertEquals(bundled.ruleCount(), saved.ruleCount());
        Random random = new Random(11);
        String[] types = {"PlaceOrder", "CancelOrder", "IssueRefund", "ReserveInventory"};
        String[] markets = {"EU", "US", "JP", null};
        String[] channels = {"web", "store", "marketplace"};
        String[] cohorts = {"pilot-2026", null};
        String[] products = {"luxury", null};
        Instant[] instants = {Instant.parse("2026-01-14T23:59:59Z"), Instant.parse("2026-01-15T00:00:01Z"),
                Instant.parse("2026-01-15T07:59:59Z"), Instant.parse("2026-06-01T12:00:00Z")};
        for (int i = 0; i < 400; i++) {
            Command c = Command.of(new io.arbiter.decision.CommandEnvelope("c-" + i, types[random.nextInt(types.length)],
                    "order-" + i, "acme", markets[random.nextInt(markets.length)], channels[random.nextInt(channels.length)],
                    products[random.nextInt(products.length)], null, cohorts[random.nextInt(cohorts.length)],
                    random.nextBoolean() ? Map.of("dataResidency", "restricted") : Map.of(), null, null, null));
            Instant at = instants[i % instants.length];
            assertEquals(bundled.evaluate(c, at), saved.evaluate(c, at), c + " at " + at + " in " + zone);
        }
    }

    /** The bundled rule set with one file swapped for LibreOffice's version of it. */
    private static List<RuleSetFile> replacing(String bundledName, String savedName) {
        List<RuleSetFile> files = new ArrayList<>();
        for (RuleSetFile f : BundledRuleSet.load()) {
            if (!f.name().equals(bundledName)) {
                files.add(f);
            }
        }
        try (InputStream in = SpreadsheetProgramsTest.class.getResourceAsStream("/libreoffice/" + savedName)) {
            files.add(new RuleSetFile(savedName, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}

package io.arbiter;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.arbiter.api.OpenModeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.arbiter.support.Workbooks;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.edit;
import static io.arbiter.AdminUiBrowser.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table files in a real browser, in open mode: a new table from the server's template (a name the
 * revision already has refused, then the editor on a fresh table, one rule filled in, saved as a
 * draft that lists the file), and tables downloaded in the other format — the bytes parsed, a
 * workbook with POI and CSV as text. Screenshots: {@code target/admin-ui-screenshots/8x-…}.
 */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
class AdminUiTableFilesBrowserTest extends AdminUiPageTestBase {
    static final String NEW_FILE = "25-eu-store-pilot.drl.csv";
    static final Pattern NEW_REVISION = Pattern.compile(".*#/rulesets/(\\d+)/files/25-eu-store-pilot\\.drl\\.csv$");
    static final String RULE = "EU store orders join the store pilot";
    /** Checking and saving compile the whole rule set; on a busy machine that takes longer than Playwright's default 5 s. */
    static final double SLOW_MS = 30_000;
    static final LocatorAssertions.HasTextOptions SLOW_TEXT = new LocatorAssertions.HasTextOptions().setTimeout(SLOW_MS);

    @TestHTTPResource("/admin/")
    URL admin;

    @Test
    void anAnalystCreatesATableFromTheTemplateFillsARuleAndSavesItAsADraftThenDownloadsItAsAWorkbook() throws IOException {
        page.navigate(admin + "#/rulesets/1");
        Locator form = page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("New table"));

        step(page, "80-new-table-name-taken", () -> {
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New table")).click();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/1/new-table$"));
            form.getByLabel("File name").fill("20-order-migration.drl.csv");
            form.getByLabel("Table name").fill("EU store pilot");
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create table")).click();
            assertThat(form.getByTestId("problem")).containsText("already has a file named '20-order-migration.drl.csv'");
        });

        Locator grid = page.getByTestId("table-EU store pilot");
        step(page, "81-new-table-from-the-template", () -> {
            form.getByLabel("File name").fill(NEW_FILE);
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create table")).click();
            assertThat(page.locator(".file-title")).hasText(NEW_FILE);
            Locator headers = grid.locator(".tabulator-col-title");
            for (String label : List.of("Rule", "Command types", "Market", "Channel", "Rollout bucket below", "Owner", "Mode", "Why")) {
                assertThat(headers.filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + label + "$")))).hasCount(1);
            }
            assertThat(grid.locator(".tabulator-row")).hasCount(0);
            assertThat(grid).containsText("No rules — add a row");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft"))).isDisabled();
        });

        step(page, "82-new-table-one-rule", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("+ Add row")).click();
            Locator row = grid.locator(".tabulator-row[data-row='new']");
            assertThat(row).hasCount(1);
            edit(row.locator(".tabulator-cell[data-column='A']"), RULE);
            edit(row.locator(".tabulator-cell[data-column='B']"), "PlaceOrder, CancelOrder");
            edit(row.locator(".tabulator-cell[data-column='D']"), "EU");
            edit(row.locator(".tabulator-cell[data-column='E']"), "store");
            edit(row.locator(".tabulator-cell[data-column='K']"), "new");
            edit(row.locator(".tabulator-cell[data-column='Q']"), "The EU store pilot");
            assertThat(page.getByTestId("check-status")).hasText("Checked: no problems", SLOW_TEXT);
            assertThat(grid.locator(".cell-error")).hasCount(0);
        });

        step(page, "83-new-table-saved-as-draft", () -> {
            page.getByLabel("Note", new Page.GetByLabelOptions().setExact(true)).fill("EU store pilot");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
            assertThat(page).hasURL(NEW_REVISION, new PageAssertions.HasURLOptions().setTimeout(SLOW_MS));
            assertThat(page.getByTestId("revision-status")).hasText("Draft");
            assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Files")).getByText(NEW_FILE)).isVisible();
            assertThat(grid.locator(".tabulator-row[data-row='8']")).containsText(RULE,
                    new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS));
        });

        Download download = page.waitForDownload(() -> step(page, "84-download-as-xlsx", () -> {
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download as CSV"))).hasCount(0);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download as XLSX")).click();
        }));
        assertEquals("25-eu-store-pilot.drl.xlsx", download.suggestedFilename());
        try (InputStream in = Files.newInputStream(download.path()); Workbook workbook = WorkbookFactory.create(in)) {
            assertEquals(List.of("25-eu-store-pilot"), List.of(workbook.getSheetName(0)));
            List<List<String>> rows = Workbooks.cells(workbook.getSheetAt(0));
            assertEquals("RuleTable EU store pilot", rows.get(2).get(0));
            assertEquals(RULE, rows.get(7).get(0));
            assertEquals("PlaceOrder, CancelOrder", rows.get(7).get(1));
        }
    }

    @Test
    void aWorkbookTableDownloadsAsCsvText() throws IOException {
        page.navigate(admin + "#/rulesets/1/files/10-ownership.drl.xlsx");
        assertThat(page.locator(".table-section").first().locator(".tabulator-row").first())
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(SLOW_MS));
        Download download = page.waitForDownload(() -> step(page, "85-download-as-csv", () -> {
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download as XLSX"))).hasCount(0);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download as CSV")).click();
        }));
        assertEquals("10-ownership.drl.csv", download.suggestedFilename());
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("RuleSet,io.arbiter."), csv);
        assertTrue(csv.contains("RuleTable Command ownership"), csv);
        assertTrue(csv.contains("Order Management owns order placement"), csv);
    }
}

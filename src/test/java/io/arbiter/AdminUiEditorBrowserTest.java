package io.arbiter;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.arbiter.api.OpenModeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.edit;
import static io.arbiter.AdminUiBrowser.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table editor in a real browser, in open mode: the bundled revision's order-migration table
 * as a grid headed by its label row, a typo marked on its cell with the server's message and
 * fixed, a rollout step and a move saved as a draft, "Try it" lighting up the row that decided,
 * and the diff against revision 1 showing the changed cell. Screenshots: {@code target/admin-ui-screenshots/2x-…}.
 */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
class AdminUiEditorBrowserTest extends AdminUiPageTestBase {
    static final String FILE = "20-order-migration.drl.csv";
    static final Pattern NEW_REVISION = Pattern.compile(".*#/rulesets/(\\d+)/files/20-order-migration\\.drl\\.csv$");

    @TestHTTPResource("/admin/")
    URL admin;

    @Test
    void anAnalystEditsATableSavesADraftTriesItAndSeesTheDiff() {
        page.navigate(admin.toString());
        Locator grid = page.getByTestId("table-Order migration");

        step(page, "20-revision-page", () -> {
            page.locator(".tabulator-row[data-revision='1'] a").click();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/1$"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Revision #1"))).isVisible();
            assertThat(page.getByTestId("revision-status")).hasText("Active");
            assertThat(page.getByTestId("revision-meta")).containsText("bundled with the service");
        });

        step(page, "21-table-as-grid", () -> {
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Files")).getByText(FILE).click();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/1/files/20-order-migration\\.drl\\.csv$"));
            Locator headers = grid.locator(".tabulator-col-title");
            assertThat(headers.filter(new Locator.FilterOptions().setHasText(Pattern.compile("^Market$")))).hasCount(1);
            assertThat(headers.filter(new Locator.FilterOptions().setHasText(Pattern.compile("^Rollout bucket below$")))).hasCount(1);
            // Only the five rules are data: the RuleSet, RuleTable, type, template and label rows are not.
            assertThat(grid.locator(".tabulator-row")).hasCount(5);
            assertThat(grid).not().containsText("RuleTable");
            assertThat(grid).not().containsText("$param");
            assertThat(page.getByText("the first row that matches decides")).isVisible();
        });

        Locator euWeb = grid.locator(".tabulator-row[data-row='10']");
        step(page, "22-typo-marked-on-its-cell", () -> {
            edit(euWeb.locator(".tabulator-cell[data-column='I']"), "DIRCT");
            Locator mode = euWeb.locator(".tabulator-cell[data-column='I']");
            assertThat(mode).hasClass(Pattern.compile("\\bcell-error\\b"));
            assertThat(mode).hasAttribute("title", Pattern.compile("'DIRCT' is not a mode"));
            assertThat(page.getByTestId("edit-problems")).containsText("Order migration · rule 3 · Mode: 'DIRCT' is not a mode");
            assertThat(page.getByTestId("check-status")).hasText("1 problem to fix before saving");
            assertThat(page.getByTestId("unsaved")).hasText("1 unsaved change");
        });

        step(page, "23-fixed-bucket-changed-row-moved", () -> {
            edit(euWeb.locator(".tabulator-cell[data-column='I']"), "DIRECT");
            // As in a spreadsheet: Tab commits and moves to the next cell, Escape leaves it as it was.
            Locator bucket = euWeb.locator(".tabulator-cell[data-column='G']");
            bucket.click();
            bucket.locator("input").press("Control+A");
            bucket.locator("input").pressSequentially("30");
            bucket.locator("input").press("Tab");
            Locator implementation = euWeb.locator(".tabulator-cell[data-column='H']");
            assertThat(implementation).hasClass(Pattern.compile("\\btabulator-editing\\b"));
            implementation.locator("input").pressSequentially("x");
            implementation.locator("input").press("Escape");
            assertThat(implementation).hasText("new");
            assertThat(bucket).hasText("30");
            grid.locator(".tabulator-row[data-row='11']").getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Move up (tried earlier)")).click();
            assertThat(grid.locator(".tabulator-row").nth(2)).containsText("Store orders stay on the legacy OMS");
            assertThat(grid.locator(".tabulator-row").nth(3)).containsText("EU web orders");
            assertThat(page.getByTestId("check-status")).hasText("Checked: no problems");
            assertThat(grid.locator(".cell-error")).hasCount(0);
            assertThat(page.getByTestId("unsaved")).hasText("4 unsaved changes");
        });

        step(page, "24-saved-as-draft", () -> {
            page.getByLabel("Note", new Page.GetByLabelOptions().setExact(true)).fill("EU web to 30 %, store orders tried first");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
            assertThat(page).hasURL(NEW_REVISION);
            assertThat(page.getByTestId("revision-status")).hasText("Draft");
            assertThat(page.locator(".revision-note")).containsText("EU web to 30 %, store orders tried first");
            assertThat(grid.locator(".tabulator-row[data-row='11']")).containsText("EU web orders");
            assertThat(grid.locator(".tabulator-row[data-row='11'] .tabulator-cell[data-column='G']")).hasText("30");
        });
        Matcher m = NEW_REVISION.matcher(page.url());
        assertTrue(m.matches());
        String draft = m.group(1);
        assertNotEquals("1", draft);

        step(page, "25-try-it", () -> {
            io.arbiter.api.PushedSignals.healthy();
            Locator form = page.getByTestId("try-it");
            form.getByLabel("type").fill("PlaceOrder");
            form.getByLabel("businessKey").fill("order-1007");   // bucket 8: inside the 30 % rollout
            form.getByLabel("market").fill("EU");
            form.getByLabel("channel").fill("web");
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Try it")).click();
            Locator card = page.getByTestId("try-card");
            assertThat(card).containsText("Routed");
            assertThat(card).containsText("order-management");
            assertThat(card).containsText("new");
            Locator matched = grid.locator(".tabulator-row.row-matched");
            assertThat(matched).hasCount(1);
            assertThat(matched).containsText("EU web orders");
        });

        step(page, "26-diff-against-revision-1", () -> {
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Diff against base #1")).click();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/" + draft + "/diff\\?against=1$"));
            Locator file = page.locator(".diff-file[data-file='" + FILE + "']");
            assertThat(file).containsText("Changed");
            Locator changed = file.locator(".diff-row[data-change='CHANGED']").filter(new Locator.FilterOptions().setHasText("EU web orders"));
            assertThat(changed.locator(".diff-cell").filter(new Locator.FilterOptions().setHasText("Rollout bucket below")))
                    .hasText("Rollout bucket below: 20 → 30");
            assertThat(changed.locator(".diff-cell").filter(new Locator.FilterOptions().setHasText("Mode")))
                    .hasText("Mode: ORCHESTRATED → DIRECT");
            assertThat(file.locator(".badge-moved, .diff-row[data-change='MOVED']").first()).isVisible();
        });
    }

    @Test
    void backAndForwardAskBeforeDroppingUnsavedEditsAndARefusalKeepsThemAndTheHistory() {
        Pattern editorAddress = Pattern.compile(".*#/rulesets/1/files/20-order-migration\\.drl\\.csv$");
        Pattern drlAddress = Pattern.compile(".*#/rulesets/1/files/40-refund-controls\\.drl$");
        Locator files = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Files"));
        Locator bucket = page.getByTestId("table-Order migration").locator(".tabulator-row[data-row='10'] .tabulator-cell[data-column='G']");
        // Every question the page asks, answered as `leave` says.
        List<String> asked = new CopyOnWriteArrayList<>();
        boolean[] leave = {false};
        page.onDialog(dialog -> {
            asked.add(dialog.message());
            if (leave[0]) {
                dialog.accept();
            } else {
                dialog.dismiss();
            }
        });

        step(page, "36-edited-between-two-history-entries", () -> {
            page.navigate(admin + "#/rulesets/1");
            files.getByText(FILE).click();
            files.getByText("40-refund-controls.drl").click();
            assertThat(page).hasURL(drlAddress);
            page.goBack();
            assertThat(page).hasURL(editorAddress);
            edit(bucket, "40");
            assertThat(page.getByTestId("unsaved")).hasText("1 unsaved change");
            assertEquals(List.of(), asked, "nothing unsaved, nothing asked");
        });

        step(page, "37-forward-refused-keeps-the-edit", () -> {
            page.goForward();
            assertThat(page).hasURL(editorAddress);
            assertThat(bucket).hasText("40");
            assertThat(page.getByTestId("unsaved")).hasText("1 unsaved change");
            assertEquals(List.of("Leave this table? Your unsaved changes will be lost."), asked);
        });

        step(page, "38-back-refused-keeps-the-edit", () -> {
            page.goBack();
            assertThat(page).hasURL(editorAddress);
            assertThat(bucket).hasText("40");
            assertThat(page.getByTestId("unsaved")).hasText("1 unsaved change");
            assertThat(page.getByTestId("table-Order migration")).isVisible();
            assertEquals(2, asked.size());
        });

        step(page, "39-back-accepted-leaves-the-history-intact", () -> {
            leave[0] = true;
            page.goBack();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/1$"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Revision #1"))).isVisible();
            assertThat(page.getByTestId("table-Order migration")).hasCount(0);
            assertEquals(3, asked.size());
            // The refused moves left the history as it was: forward is the table (drawn afresh), then the DRL.
            page.goForward();
            assertThat(page).hasURL(editorAddress);
            assertThat(page.getByTestId("unsaved")).hasText("No unsaved changes");
            page.goForward();
            assertThat(page).hasURL(drlAddress);
            assertThat(page.getByTestId("drl")).containsText("rule \"");
            assertEquals(3, asked.size());
        });
    }

    @Test
    void aWorkbookTableShowsItsSheetAndDrlIsReadOnlyText() {
        page.navigate(admin + "#/rulesets/1/files/10-ownership.drl.xlsx");
        step(page, "29-workbook-table", () -> {
            Locator section = page.locator(".table-section").filter(new Locator.FilterOptions().setHasText("Command ownership"));
            assertThat(section.locator(".table-title")).containsText("sheet Ownership");
            assertThat(section.locator(".tabulator-row").first()).isVisible();
            assertThat(section).not().containsText("RuleTable");
        });

        step(page, "30-pasted-from-excel-and-leaving-asks-first", () -> {
            Locator first = page.locator(".table-section").first().locator(".tabulator-row").first();
            int rows = page.locator(".table-section").first().locator(".tabulator-row").count();
            first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Duplicate row")).click();
            assertThat(page.locator(".table-section").first().locator(".tabulator-row")).hasCount(rows + 1);
            assertThat(page.getByTestId("unsaved")).hasText("1 unsaved change");

            // Two rows of two cells copied in Excel, pasted on the first rule's name while it is being edited.
            Locator name = page.locator(".table-section").first().locator(".tabulator-row").first().locator(".tabulator-cell[data-column='A']");
            name.click();
            name.locator("input").evaluate("(input, text) => { const data = new DataTransfer(); data.setData('text/plain', text);"
                    + " input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }",
                    "First pasted rule\tPlaceOrder\r\nSecond pasted rule\tCancelOrder\r\n");
            Locator rowsNow = page.locator(".table-section").first().locator(".tabulator-row");
            assertThat(rowsNow.nth(0)).containsText("First pasted rule");
            assertThat(rowsNow.nth(1)).containsText("Second pasted rule");
            assertThat(rowsNow.nth(1)).containsText("CancelOrder");
            assertThat(rowsNow).hasCount(rows + 1);
            assertThat(page.getByTestId("unsaved")).hasText("2 unsaved changes");

            // Playwright dismisses the question: the page stays, with the edits.
            page.onceDialog(dialog -> dialog.dismiss());
            page.getByText("40-refund-controls.drl").click();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/1/files/10-ownership\\.drl\\.xlsx$"));
            assertThat(page.getByTestId("unsaved")).hasText("2 unsaved changes");
        });

        step(page, "31-drl-read-only", () -> {
            page.onceDialog(dialog -> dialog.accept());
            page.getByText("40-refund-controls.drl").click();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/1/files/40-refund-controls\\.drl$"));
            assertThat(page.getByTestId("drl")).containsText("rule \"");
            assertThat(page.getByText("engineers change it by uploading a .drl file")).isVisible();
            assertThat(page.locator(".tabulator")).hasCount(0);
        });
    }
}

package io.arbiter;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.arbiter.api.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;

/**
 * With security on, the table editor offers editing only to roles that may save tables (analyst,
 * engineer; not tenant-bound): an approver reads the grid, downloads it in either format and may try
 * commands, with no edit controls and no "New table". The browser sends a test token with every
 * request, as {@link AdminUiRolesBrowserTest} does.
 */
@QuarkusTest
class AdminUiEditorRolesBrowserTest extends AdminUiBrowserTestBase {
    @TestHTTPResource("/admin/")
    URL admin;

    @Test
    void anApproverReadsTheTableAndTriesCommandsButIsOfferedNoEditing() {
        try (BrowserContext context = browser.context(Map.of("Authorization", "Bearer " + Tokens.token("abby", null, "approver")))) {
            Page page = context.newPage();
            page.navigate(admin + "#/rulesets/1/files/20-order-migration.drl.csv");
            step(page, "27-approver-reads-the-table", () -> {
                Locator grid = page.getByTestId("table-Order migration");
                assertThat(grid.locator(".tabulator-row")).hasCount(5);
                assertThat(grid.locator(".tabulator-col-title").filter(new Locator.FilterOptions().setHasText("Market"))).hasCount(1);
                assertThat(page.getByTestId("edit-bar")).hasCount(0);
                assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft"))).hasCount(0);
                assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("+ Add row"))).hasCount(0);
                assertThat(grid.locator(".row-actions")).hasCount(0);
                assertThat(grid.locator(".tabulator-editable")).hasCount(0);
                assertThat(page.locator(".upload-form")).hasCount(0);
                assertThat(page.getByTestId("try-it")).isVisible();
                assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download").setExact(true))).isVisible();
                assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download as XLSX"))).isVisible();
                assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New table"))).hasCount(0);
            });
        }
    }

    @Test
    void aTenantBoundAnalystMayReadButNotChangeTables() {
        try (BrowserContext context = browser.context(Map.of("Authorization", "Bearer " + Tokens.token("ann", "acme", "analyst")))) {
            Page page = context.newPage();
            page.navigate(admin + "#/rulesets/1/files/20-order-migration.drl.csv");
            step(page, "28-tenant-analyst-reads-the-table", () -> {
                assertThat(page.getByTestId("table-Order migration").locator(".tabulator-row")).hasCount(5);
                assertThat(page.getByTestId("edit-bar")).hasCount(0);
                assertThat(page.locator(".upload-form")).hasCount(0);
                assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New table"))).hasCount(0);
            });
        }
    }
}

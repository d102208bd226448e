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
import java.util.function.Consumer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;

/**
 * With security on, the Simulations, Audit and Live pages offer only what the caller's roles allow:
 * an approver reads simulations but starts none and has no audit log; a tenant-bound auditor
 * searches its tenant's decisions but neither verifies the chain (it spans every tenant) nor
 * watches the service-wide live page.
 */
@QuarkusTest
class AdminUiInsightRolesBrowserTest extends AdminUiBrowserTestBase {
    @TestHTTPResource("/admin/")
    URL admin;

    @Test
    void anApproverReadsSimulationsButStartsNoneAndHasNoAuditLog() {
        as(Tokens.token("bob", null, "approver"), "#/simulations", page -> step(page, "50-approver-simulations", () -> {
            assertThat(nav(page).getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations", "Live"});
            assertThat(page.getByTestId("simulations")).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New simulation"))).hasCount(0);
        }));
    }

    @Test
    void anAnalystStartsSimulationsAndWatchesLiveButHasNoAuditLog() {
        as(Tokens.token("ann", null, "analyst"), "#/simulations", page -> step(page, "51-analyst-simulations", () -> {
            assertThat(nav(page).getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations", "Live"});
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New simulation"))).isVisible();
        }));
    }

    @Test
    void aTenantBoundAuditorSearchesItsTenantButNeitherVerifiesNorWatchesLive() {
        as(Tokens.token("audrey", "acme", "auditor"), "#/audit", page -> step(page, "52-auditor-acme-audit", () -> {
            assertThat(nav(page).getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations", "Audit"});
            assertThat(page.getByTestId("audit-search")).isVisible();
            assertThat(page.locator("#audit-tenant")).isDisabled();
            assertThat(page.locator("#audit-tenant")).hasAttribute("placeholder", "acme");
            assertThat(page.getByTestId("export")).isVisible();
            assertThat(page.getByTestId("verify")).hasCount(0);
            assertThat(page.getByTestId("decisions")).not().containsText("Forbidden");
        }));
    }

    private static Locator nav(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));
    }

    private void as(String token, String address, Consumer<Page> check) {
        try (BrowserContext context = browser.context(Map.of("Authorization", "Bearer " + token))) {
            Page page = context.newPage();
            page.navigate(admin + address);
            check.accept(page);
        }
    }
}

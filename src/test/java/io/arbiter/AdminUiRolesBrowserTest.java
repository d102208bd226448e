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
 * With security on, the admin UI offers only what the caller's roles allow (from {@code GET /v1/me}),
 * and without a token it says why nothing can be shown. Until the UI signs in itself (next
 * release), the browser sends a test token with every request.
 */
@QuarkusTest
class AdminUiRolesBrowserTest extends AdminUiBrowserTestBase {
    @TestHTTPResource("/admin/")
    URL admin;

    @Test
    void anAuditorSeesTheActivationTimelineAndTheAuditPagesButNotTheRevisions() {
        as(Tokens.token("audrey", null, "auditor"), page -> step(page, "10-auditor", () -> {
            Locator nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));
            assertThat(nav.getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations", "Audit", "Live"});
            assertThat(page.getByTestId("caller")).containsText("audrey");
            assertThat(page.getByTestId("caller").locator(".role")).hasText(new String[] {"auditor"});
            assertThat(page.getByTestId("open-mode-banner")).hasCount(0);
            assertThat(page.getByTestId("revisions")).containsText("Revisions are not shown for your roles.");
            assertThat(page.getByTestId("activations").locator(".timeline-item").first()).isVisible();
        }));
    }

    @Test
    void aTenantBoundAnalystSeesRuleSetsAndSimulationsOnly() {
        as(Tokens.token("ann", "acme", "analyst"), page -> step(page, "11-analyst-acme", () -> {
            Locator nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));
            assertThat(nav.getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations"});
            assertThat(page.getByTestId("caller")).containsText("tenant acme");
            assertThat(page.locator(".tabulator-row.row-active")).hasCount(1);
        }));
    }

    @Test
    void aDeciderIsToldThatNothingHereIsForItsRoles() {
        as(Tokens.token("gateway", null, "decider"), page -> step(page, "12-decider", () -> {
            assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main")).getByRole(AriaRole.LINK))
                    .hasCount(0);
            assertThat(page.locator("main")).containsText("Nothing here for your roles");
        }));
    }

    @Test
    void withoutATokenThePageSaysUnauthorizedAndWhatToDo() {
        as(null, page -> step(page, "13-no-token", () -> {
            Locator problem = page.getByTestId("problem");
            assertThat(problem).containsText("Unauthorized");
            assertThat(problem).containsText("Send a valid bearer token");
            // This service checks tokens against a key and names no identity provider to sign in with.
            assertThat(page.locator("main")).containsText("names no identity provider, so the admin UI cannot sign you in");
        }));
    }

    private void as(String token, Consumer<Page> check) {
        try (BrowserContext context = browser.context(token == null ? Map.of() : Map.of("Authorization", "Bearer " + token))) {
            Page page = context.newPage();
            page.navigate(admin.toString());
            check.accept(page);
        }
    }
}

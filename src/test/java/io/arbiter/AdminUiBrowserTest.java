package io.arbiter;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import io.arbiter.api.OpenModeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;

/**
 * The admin UI in a real browser (Debian's Chromium, {@link AdminUiBrowser}) against the service in
 * open mode: the shell, the Rule sets page with the bundled revision, navigation by URL, and API
 * failures shown as problems. Screenshots of each step: {@code target/admin-ui-screenshots/}.
 */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
class AdminUiBrowserTest extends AdminUiPageTestBase {
    @TestHTTPResource("/admin/")
    URL admin;

    @Test
    void theRuleSetsPageListsTheBundledRevisionAsActiveInsideTheShell() {
        page.navigate(admin.toString());
        Locator nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));

        step(page, "01-rule-sets", () -> {
            // The bare /admin/ lands on the first page, with its own URL.
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/rulesets$"));
            assertThat(nav.getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations", "Audit", "Live"});
            assertThat(link(nav, "Rule sets")).hasAttribute("aria-current", "page");
            assertThat(page.getByTestId("open-mode-banner")).hasText("Open mode — no sign-in, every caller has every role");
            assertThat(page.getByTestId("caller").locator(".role"))
                    .hasText(new String[] {"decider", "analyst", "engineer", "approver", "auditor", "signal-writer"});

            Locator revision1 = page.locator(".tabulator-row[data-revision='1']");
            assertThat(revision1).hasClass(Pattern.compile("\\brow-active\\b"));
            assertThat(revision1).containsText("#1");
            assertThat(revision1).containsText("Active");
            assertThat(revision1).containsText("Bundled default rule set");
            assertThat(page.getByTestId("active-summary")).containsText(Pattern.compile("Revision #1 · \\d+ rules in \\d+ files"));
            assertThat(page.getByTestId("activations")).containsText("Revision #1 installed");
            assertThat(page.getByTestId("activations")).containsText("The bundled rule set, on an empty store.");
        });

        step(page, "02-simulations", () -> {
            link(nav, "Simulations").click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/simulations$"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Simulations").setLevel(1))).isVisible();
            assertThat(link(nav, "Simulations")).hasAttribute("aria-current", "page");
            assertThat(link(nav, "Rule sets")).not().hasAttribute("aria-current", "page");
        });

        step(page, "03-audit", () -> {
            link(nav, "Audit").click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/audit$"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Audit").setLevel(1))).isVisible();
        });

        step(page, "04-back-to-rule-sets", () -> {
            page.goBack();
            page.goBack();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/rulesets$"));
            assertThat(page.locator(".tabulator-row[data-revision='1']")).hasClass(Pattern.compile("\\brow-active\\b"));
        });
    }

    @Test
    void anApiErrorIsShownAsItsProblemTitleAndDetailNotAsRawJson() {
        page.route("**/v1/rulesets", route -> route.fulfill(new Route.FulfillOptions().setStatus(503)
                .setContentType("application/problem+json")
                .setBody("{\"type\":\"about:blank\",\"title\":\"Database unavailable\",\"status\":503,"
                        + "\"detail\":\"The request could not be recorded durably, so it was not carried out; retry later\"}")));
        page.route("**/v1/rulesets/activations*", route -> route.fulfill(new Route.FulfillOptions().setStatus(502)
                .setContentType("text/html").setBody("<html><body>upstream exploded at line 42</body></html>")));
        page.navigate(admin + "#/rulesets");

        step(page, "05-problems", () -> {
            Locator revisions = page.getByTestId("revisions").getByTestId("problem");
            assertThat(revisions).containsText("Database unavailable");
            assertThat(revisions).containsText("The request could not be recorded durably, so it was not carried out; retry later");
            assertThat(revisions).not().containsText("{");
            Locator activations = page.getByTestId("activations").getByTestId("problem");
            assertThat(activations).containsText("The service answered 502 without explaining why.");
            assertThat(activations).not().containsText("upstream exploded");
        });
    }

    @Test
    void anUnknownAddressLandsOnTheRuleSetsPage() {
        page.navigate(admin + "#/no-such-page");
        step(page, "06-unknown-address", () -> assertThat(page).hasURL(Pattern.compile(".*/admin/#/rulesets$")));
    }

    static Locator link(Locator nav, String name) {
        return nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }
}

package io.arbiter;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing in to the admin UI through a real Keycloak ({@link KeycloakServer}, the realm from
 * deploy/keycloak/) against the packaged service, in Chromium: Keycloak's own login form, the
 * authorization code with PKCE, every API call with the bearer token, a reload, a refresh before
 * the token expires, and signing out. The Keycloak and the service every IT shares
 * ({@link SecuredService}); screenshots in target/admin-ui-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiSignInIT {
    AdminUiBrowser browser;
    KeycloakServer keycloak;
    String base;

    @BeforeAll
    void useTheSharedKeycloakAndServiceAndStartTheBrowser() throws Exception {
        SecuredService service = SecuredService.shared();
        keycloak = service.keycloak;
        base = service.base;
        browser = AdminUiBrowser.launch();
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /**
     * Ends every Keycloak session of {@code username}, as an administrator would. The realm is shared: other
     * tests sign the same person in afresh, each in a browser context of its own, so this does not reach them.
     */
    private void endKeycloakSessionsOf(String username) {
        String admin = keycloak.adminToken();
        String users = keycloak.admin("arbiter") + "/users";
        String id = given().auth().oauth2(admin).queryParam("username", username).queryParam("exact", true).get(users)
                .then().statusCode(200).extract().path("[0].id");
        given().auth().oauth2(admin).post(users + "/" + id + "/logout").then().statusCode(204);
    }

    @Test
    void anAnalystSignsInThroughKeycloakStaysSignedInAcrossAReloadAndATokenRefreshIsAskedAgainWhenTheSessionEndsThenSignsOut() {
        try (BrowserContext context = browser.context(Map.of())) {
            // Time in the page is the test's to move: the refresh before expiry is seen without waiting five minutes.
            context.clock().install();
            List<Request> api = new CopyOnWriteArrayList<>();
            List<String> grants = new CopyOnWriteArrayList<>();
            context.onRequest(r -> {
                if (r.url().startsWith(base + "/v1/")) {
                    api.add(r);
                } else if (r.url().equals(keycloak.issuer("arbiter") + "/protocol/openid-connect/token")) {
                    grants.add(form(r.postData()).get("grant_type"));
                }
            });
            Page page = context.newPage();
            page.navigate(base + "/admin/#/rulesets");

            step(page, "20-sign-in", () -> {
                assertThat(page.getByTestId("sign-in-screen")).containsText("Sign in to Arbiter");
                assertThat(page.getByTestId("caller")).hasCount(0);
                assertThat(page.getByRole(AriaRole.NAVIGATION)).hasCount(0);
            });
            page.getByTestId("sign-in").click();
            step(page, "21-keycloak-login-form", () -> {
                assertThat(page.locator("#kc-login")).isVisible();
                assertTrue(page.url().startsWith(keycloak.issuer("arbiter") + "/protocol/openid-connect/auth")
                        || page.url().startsWith(keycloak.issuer("arbiter") + "/login-actions/"), page.url());
            });
            page.locator("#username").fill("ann");
            page.locator("#password").fill("change-me");
            page.locator("#kc-login").click();

            step(page, "22-analyst-signed-in", () -> {
                assertThat(page.locator(".tabulator-row.row-active")).hasCount(1);
                assertThat(page.getByTestId("activations").locator(".timeline-item").first()).isVisible();
                // Back on the page the person asked for, the code gone from the address and the history.
                assertEquals(base + "/admin/#/rulesets", page.url());
                assertThat(page.getByTestId("caller").locator(".who-name")).hasText("ann");
                assertThat(page.getByTestId("caller").locator(".role")).hasText(new String[] {"analyst"});
                assertThat(nav(page).getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations", "Live"});
                assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
                assertEquals(List.of("authorization_code"), grants);
                assertEveryCallCarriesABearerToken(api);
            });
            page.reload();
            step(page, "23-reload-stays-signed-in", () -> {
                // The tokens were in memory only: Keycloak's session signs the tab in again without its form.
                assertThat(page.locator(".tabulator-row.row-active")).hasCount(1);
                assertEquals(base + "/admin/#/rulesets", page.url());
                assertEquals(List.of("authorization_code", "authorization_code"), grants);
                assertEveryCallCarriesABearerToken(api);
            });
            String tokenBefore = api.get(api.size() - 1).headerValue("authorization");

            // 280 of the access token's 300 seconds later, the next call refreshes it first.
            page.clock().fastForward("04:40");
            nav(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Simulations")).click();
            nav(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Rule sets")).click();
            step(page, "24-token-refreshed", () -> {
                assertThat(page.locator(".tabulator-row.row-active")).hasCount(1);
                assertEquals(List.of("authorization_code", "authorization_code", "refresh_token"), grants);
                assertEveryCallCarriesABearerToken(api);
                assertNotEquals(tokenBefore, api.get(api.size() - 1).headerValue("authorization"));
            });

            // Signed out at Keycloak meanwhile (by an administrator, in another tab): the next refresh is refused,
            // the page stays behind a dialog, and signing in again comes back to it.
            endKeycloakSessionsOf("ann");
            page.clock().fastForward("04:40");
            // The Simulations page's first call asks for a refresh, which Keycloak refuses: the dialog opens over it.
            nav(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Simulations")).click();
            step(page, "25-session-ended", () -> {
                assertThat(page.getByTestId("session-ended")).containsText("Your session has ended");
                assertEquals(List.of("authorization_code", "authorization_code", "refresh_token", "refresh_token"), grants);
            });
            page.getByTestId("sign-in-again").click();
            page.locator("#username").fill("ann");
            page.locator("#password").fill("change-me");
            page.locator("#kc-login").click();
            step(page, "26-signed-in-again", () -> {
                assertThat(page.locator("h1")).hasText("Simulations");
                assertEquals(base + "/admin/#/simulations", page.url());
                assertThat(page.getByTestId("session-ended")).hasCount(0);
            });

            int signedIn = api.size();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            step(page, "27-signed-out", () -> {
                assertThat(page.getByTestId("sign-in-screen")).containsText("You have signed out.");
                assertThat(page.getByTestId("caller")).hasCount(0);
                assertEquals(base + "/admin/", page.url());
                List<Request> after = api.subList(signedIn, api.size());
                assertFalse(after.isEmpty(), "the page did not ask how to sign in");
                for (Request r : after) {
                    assertNull(r.headerValue("authorization"), r.url() + " carried a token after signing out");
                }
            });
            page.getByTestId("sign-in").click();
            step(page, "28-signed-out-at-keycloak-too", () -> assertThat(page.locator("#kc-login")).isVisible());
        }
    }

    @Test
    void anAuditorComesBackToTheAuditPageAndIsOfferedNoEditing() {
        try (BrowserContext context = browser.context(Map.of())) {
            Page page = context.newPage();
            page.navigate(base + "/admin/#/audit");
            page.getByTestId("sign-in").click();
            page.locator("#username").fill("audrey");
            page.locator("#password").fill("change-me");
            page.locator("#kc-login").click();
            step(page, "29-auditor-audit", () -> {
                assertThat(page.locator("h1")).hasText("Audit");
                assertEquals(base + "/admin/#/audit", page.url());
                assertThat(nav(page).getByRole(AriaRole.LINK)).hasText(new String[] {"Rule sets", "Simulations", "Audit", "Live"});
                assertThat(page.getByTestId("caller").locator(".role")).hasText(new String[] {"auditor"});
                // The auditor's own actions, and nothing that edits or releases.
                assertThat(page.getByRole(AriaRole.BUTTON)).hasText(new String[] {"Sign out", "Search", "Export as JSON Lines",
                        "Verify the chain"});
            });
            nav(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Rule sets")).click();
            step(page, "30-auditor-rule-sets", () -> {
                assertThat(page.getByTestId("revisions")).containsText("Revisions are not shown for your roles.");
                assertThat(page.getByTestId("activations").locator(".timeline-item").first()).isVisible();
                assertThat(page.getByRole(AriaRole.BUTTON)).hasText(new String[] {"Sign out"});
            });
        }
    }

    private static Locator nav(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));
    }

    /** Every call but the one asked before signing in ({@code /v1/ui-config}) carried a bearer token. */
    private void assertEveryCallCarriesABearerToken(List<Request> api) {
        assertTrue(api.stream().anyMatch(r -> r.url().equals(base + "/v1/me")), "GET /v1/me was not asked");
        for (Request r : api) {
            String authorization = r.headerValue("authorization");
            if (r.url().equals(base + "/v1/ui-config")) {
                assertNull(authorization, "GET /v1/ui-config needs no token and got one");
            } else {
                assertTrue(authorization != null && authorization.startsWith("Bearer "), r.url() + " carried no bearer token");
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body == null ? new String[0] : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}

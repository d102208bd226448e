package io.arbiter;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.arbiter.decision.Bucket;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.edit;
import static io.arbiter.AdminUiBrowser.step;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin UI end to end, as people use it: the packaged service with security on, signed in
 * through the real Keycloak's login form in Chromium ({@link SecuredService}, shared with the other
 * ITs). An analyst changes the EU web rollout step from 20 % to 30 % in the table editor (a typo
 * refused on its cell on the way, the row's "Why" rewritten), moves store orders before it, saves a
 * draft, tries it, and simulates it over recent decisions; an approver reads the diff and activates it with that simulation as evidence
 * (four-eyes: not the analyst who wrote it); the API then routes a command in the new 20–29 buckets
 * by the changed row, and the auditor finds that decision. Besides: an XLSX table saved in the
 * browser, downloaded and uploaded again keeps its sha. Screenshots: {@code target/admin-ui-screenshots/6x-…, 7x-…}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiScenarioIT {
    static final String FILE = "20-order-migration.drl.csv";
    static final String ROLLOUT_20 = "EU web orders in the 20 % rollout go to the new orchestrator";
    /** The changed row's new "Why": the decisions it makes say so in their reasons. */
    static final String STEP_3 = "Strangler step 3: three in ten EU direct-to-consumer web orders";
    static final String NOT_MIGRATED = "All other orders stay on the legacy OMS";
    static final String STORE = "Store orders stay on the legacy OMS";
    /** Of the decisions the simulation replays, this many fall in the buckets the draft adds to the rollout (20–29). */
    static final int NEWLY_ROLLED_OUT = 10;

    AdminUiBrowser browser;
    SecuredService service;
    KeycloakServer keycloak;
    String admin;

    @BeforeAll
    void useTheSharedKeycloakAndServiceAndStartTheBrowser() throws Exception {
        service = SecuredService.shared();
        keycloak = service.keycloak;
        admin = service.base + "/admin/";
        browser = AdminUiBrowser.launch(); // assertions wait up to 15 s: a check on a busy machine took longer than 5
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAnalystsRolloutStepIsSimulatedReleasedByAnApproverDecidesAndIsFoundByTheAuditor() {
        String correlation = "ui-scenario-" + UUID.randomUUID();
        // Recent EU web orders for the simulation to replay, none of them in the buckets the rollout already covers
        // (0–19), so what changes is exactly the orders the draft adds: buckets 20–29. The first is the order this test
        // follows: before the draft the fallback row sends it to the legacy OMS.
        List<String> keys = businessKeys(correlation);
        String followed = keys.get(0);
        String gateway = keycloak.clientToken("arbiter", "gateway", "gateway-secret");
        // The adaptive policy lets EU web orders reach the new orchestrator only on fresh, healthy signals.
        pushHealthySignals();
        int active = decide(gateway, followed, correlation).then().statusCode(200)
                .body("implementation", equalTo("legacy")).body("matchedRules", hasItem(NOT_MIGRATED))
                .body("matchedRules", not(hasItem(ROLLOUT_20))).extract().path("revision");
        for (String key : keys.subList(1, keys.size())) {
            decide(gateway, key, correlation).then().statusCode(200).body("revision", equalTo(active));
        }

        BrowserContext analystBrowser = browser.context(Map.of());
        Page page = analystBrowser.newPage();
        page.navigate(admin + "#/rulesets/" + active + "/files/" + FILE);
        signIn(page, "ann");
        Locator grid = page.getByTestId("table-Order migration");
        step(page, "60-scenario-analyst-opens-the-table", () -> {
            assertThat(page.getByTestId("caller").locator(".who-name")).hasText("ann");
            assertThat(page).hasURL(admin + "#/rulesets/" + active + "/files/" + FILE);
            assertThat(grid.locator(".tabulator-row").filter(hasText(ROLLOUT_20))).hasCount(1);
        });
        Locator euWeb = grid.locator(".tabulator-row").filter(hasText(ROLLOUT_20));

        step(page, "61-scenario-typo-refused-on-its-cell", () -> {
            edit(euWeb.locator(".tabulator-cell[data-column='G']"), "30");
            edit(euWeb.locator(".tabulator-cell[data-column='K']"), STEP_3);
            edit(euWeb.locator(".tabulator-cell[data-column='I']"), "DIRCT");
            Locator mode = euWeb.locator(".tabulator-cell[data-column='I']");
            assertThat(mode).hasClass(Pattern.compile("\\bcell-error\\b"));
            assertThat(mode).hasAttribute("title", Pattern.compile("'DIRCT' is not a mode"));
            assertThat(page.getByTestId("edit-problems")).containsText("Mode: 'DIRCT' is not a mode");
            assertThat(page.getByTestId("check-status")).hasText("1 problem to fix before saving");
        });

        step(page, "62-scenario-fixed-and-a-row-moved", () -> {
            edit(euWeb.locator(".tabulator-cell[data-column='I']"), "DIRECT");
            // Store orders tried before the EU web rollout: the first matching row decides, so this is a real edit.
            grid.locator(".tabulator-row").filter(hasText(STORE)).getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Move up (tried earlier)")).click();
            Locator rows = grid.locator(".tabulator-row");
            assertThat(rows.nth(2)).containsText(STORE);
            assertThat(rows.nth(3)).containsText(ROLLOUT_20);
            assertThat(page.getByTestId("check-status")).hasText("Checked: no problems");
            assertThat(grid.locator(".cell-error")).hasCount(0);
        });

        step(page, "63-scenario-draft-saved", () -> {
            page.getByLabel("Note", new Page.GetByLabelOptions().setExact(true)).fill("EU web rollout to 30 %, store orders tried first");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
            assertThat(page).not().hasURL(admin + "#/rulesets/" + active + "/files/" + FILE);
            assertThat(page.getByTestId("revision-status")).hasText("Draft");
            assertThat(page.getByTestId("revision-meta")).containsText("by ann");
            assertThat(grid.locator(".tabulator-row").filter(hasText(ROLLOUT_20)).locator(".tabulator-cell[data-column='G']")).hasText("30");
        });
        Matcher saved = Pattern.compile(Pattern.quote(admin + "#/rulesets/") + "(\\d+)/files/" + Pattern.quote(FILE)).matcher(page.url());
        assertTrue(saved.matches(), page.url());
        int draft = Integer.parseInt(saved.group(1));
        assertNotEquals(active, draft);

        step(page, "64-scenario-analyst-is-not-offered-the-release", () -> {
            // The analyst reads the gate's verdict; activating is an approver's, so there is no button for it.
            Locator release = page.getByTestId("release");
            assertThat(page.getByTestId("release-verdict")).hasText("Revision #" + draft + " cannot be activated yet:");
            assertThat(release.locator("li[data-code='ROLE']")).containsText("Activating needs the approver role");
            assertThat(page.getByTestId("release-activate")).hasCount(0);
            assertThat(page.getByTestId("release-override")).hasCount(0);
        });

        step(page, "65-scenario-try-it-lights-up-the-new-row", () -> {
            Locator form = page.getByTestId("try-it");
            form.getByLabel("type").fill("PlaceOrder");
            form.getByLabel("businessKey").fill(followed);
            form.getByLabel("market").fill("EU");
            form.getByLabel("channel").fill("web");
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Try it")).click();
            Locator card = page.getByTestId("try-card");
            assertThat(card).containsText("Routed");
            assertThat(card).containsText("order-management");
            assertThat(card).containsText(ROLLOUT_20);
            assertThat(card).containsText(STEP_3);
            Locator matched = grid.locator(".tabulator-row.row-matched");
            assertThat(matched).hasCount(1);
            assertThat(matched).containsText(ROLLOUT_20);
        });

        step(page, "66-scenario-simulation-form", () -> {
            nav(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Simulations")).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New simulation")).click();
            Locator form = page.getByTestId("new-simulation");
            assertThat(form.locator("#sim-baseline")).hasValue(String.valueOf(active));
            form.locator("#sim-candidate").selectOption(String.valueOf(draft));
            form.getByText("Only some of these decisions").click();
            form.locator("#sim-correlation").fill(correlation);
        });

        step(page, "67-scenario-simulation-report", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start simulation")).click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/simulations/[0-9a-f-]{36}$"));
            assertThat(page.getByTestId("run").getByTestId("status")).hasText("Completed");
            assertThat(page.getByTestId("headline")).containsText(NEWLY_ROLLED_OUT + " of " + keys.size() + " decisions would change");
            assertThat(page.getByTestId("headline")).containsText("owners stay");
            Locator totals = page.getByTestId("totals");
            assertThat(totals.locator("[data-stat='Replayed'] .stat-value")).hasText(String.valueOf(keys.size()));
            assertThat(totals.locator("[data-stat='Changed'] .stat-value")).hasText(String.valueOf(NEWLY_ROLLED_OUT));
            assertThat(page.getByTestId("changes-by-kind").locator("canvas")).isVisible();
            assertThat(page.getByTestId("changes-by-dimension").locator("canvas")).isVisible();
            assertThat(page.getByTestId("owner-heatmap")).hasAttribute("data-chart", "heatmap");
            assertThat(page.getByTestId("owner-heatmap").locator("canvas")).isVisible();
            assertThat(page.getByTestId("rows-hit")).containsText(ROLLOUT_20);
        });
        analystBrowser.close();

        // Another person, in a browser of their own: an approver who did not write the draft.
        BrowserContext approverBrowser = browser.context(Map.of());
        Page approver = approverBrowser.newPage();
        approver.navigate(admin + "#/rulesets/" + draft);
        signIn(approver, "carol");
        step(approver, "68-scenario-approver-reads-the-diff", () -> {
            assertThat(approver.getByTestId("caller").locator(".who-name")).hasText("carol");
            approver.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Diff against base #" + active)).click();
            assertThat(approver).hasURL(admin + "#/rulesets/" + draft + "/diff?against=" + active);
            Locator file = approver.locator(".diff-file[data-file='" + FILE + "']");
            assertThat(file).containsText("Changed");
            Locator changed = file.locator(".diff-row[data-change='CHANGED']").filter(hasText(ROLLOUT_20));
            assertThat(changed.locator(".diff-cell").filter(hasText("Rollout bucket below"))).hasText("Rollout bucket below: 20 → 30");
            assertThat(changed.locator(".diff-cell").filter(hasText("Mode"))).hasText("Mode: ORCHESTRATED → DIRECT");
            assertThat(changed.locator(".diff-cell").filter(hasText("Why"))).containsText(STEP_3);
            // Store orders and the EU web rows swapped places: one of them is marked moved.
            assertThat(file.locator(".badge-moved, .diff-row[data-change='MOVED']")).hasCount(1);
        });

        step(approver, "69-scenario-approver-sees-the-evidence", () -> {
            approver.navigate(admin + "#/rulesets/" + draft);
            assertThat(approver.getByTestId("revision-meta")).containsText("by ann");
            assertThat(approver.getByTestId("release-verdict")).hasText(Pattern.compile(
                    "^Ready to activate: a simulation replayed " + keys.size() + " recent decisions against it"));
            assertThat(approver.getByTestId("release-activate")).hasText("Activate revision #" + draft);
            assertThat(approver.getByTestId("release-activate")).isEnabled();
        });

        step(approver, "70-scenario-approver-activates", () -> {
            activate(approver);
            assertThat(approver.getByTestId("release-success")).hasText("Revision #" + draft + " is active: it decides every command from now on.");
            assertThat(approver.getByTestId("revision-status")).hasText("Active");
        });
        approverBrowser.close();
        as("audrey").get("/v1/rulesets/activations?limit=1").then().statusCode(200)
                .body("[0].revision", equalTo(draft)).body("[0].activatedBy", equalTo("carol"))
                .body("[0].overrideReason", equalTo(null));

        // The API now routes the followed order by the changed row, under the draft.
        pushHealthySignals();
        String commandId = "ui-scenario-after-" + UUID.randomUUID();
        decide(keycloak.clientToken("arbiter", "gateway", "gateway-secret"), commandId, followed, correlation).then().statusCode(200)
                .body("revision", equalTo(draft)).body("owner", equalTo("order-management"))
                .body("implementation", equalTo("new")).body("mode", equalTo("DIRECT"))
                .body("matchedRules", hasItem(ROLLOUT_20)).body("matchedRules", not(hasItem(NOT_MIGRATED)))
                .body("reasons", hasItem(containsString(STEP_3)));

        BrowserContext auditorBrowser = browser.context(Map.of());
        Page auditor = auditorBrowser.newPage();
        auditor.navigate(admin + "#/audit");
        signIn(auditor, "audrey");
        step(auditor, "71-scenario-auditor-finds-the-decision", () -> {
            auditor.locator("#audit-commandId").fill(commandId);
            auditor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
            Locator rows = auditor.getByTestId("decisions").locator("tbody tr");
            assertThat(rows).hasCount(1);
            assertThat(rows.first()).containsText(commandId);
            assertThat(rows.first().locator(".outcome")).hasText("ROUTED");
        });
        step(auditor, "72-scenario-auditor-reads-why", () -> {
            auditor.getByTestId("decisions").locator("tbody tr").first().click();
            Locator decision = auditor.getByTestId("decision");
            assertThat(auditor.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Decision for " + commandId);
            assertThat(decision).containsText("by revision #" + draft);
            assertThat(decision.getByTestId("matched-rows")).containsText(ROLLOUT_20);
            assertThat(decision.getByTestId("reasons")).containsText(STEP_3);
            assertThat(decision.locator("[data-facts='Envelope']")).containsText(followed);
            assertThat(decision.locator("[data-facts='Caller']")).containsText("service-account-gateway");
        });
        auditorBrowser.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anXlsxTableSavedInTheBrowserDownloadedAndUploadedAgainKeepsItsSha() throws IOException {
        String ownership = "10-ownership.drl.xlsx";
        int active = as("ann").get("/v1/rulesets/active").then().statusCode(200).extract().path("revision");
        try (BrowserContext context = browser.context(Map.of())) {
            Page page = context.newPage();
            page.navigate(admin + "#/rulesets/" + active + "/files/" + ownership);
            signIn(page, "ann");
            Locator first = page.locator(".table-section").first().locator(".tabulator-row").first();
            step(page, "75-xlsx-edited-and-saved-in-the-browser", () -> {
                edit(first.locator(".tabulator-cell[data-column='H']"), "The order aggregate enforces the placement invariants (checked in the browser)");
                assertThat(page.getByTestId("check-status")).hasText("Checked: no problems");
                page.getByLabel("Note", new Page.GetByLabelOptions().setExact(true)).fill("Why, in plainer words");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
                assertThat(page).not().hasURL(admin + "#/rulesets/" + active + "/files/" + ownership);
                assertThat(page.getByTestId("revision-status")).hasText("Draft");
            });
            Matcher m = Pattern.compile(Pattern.quote(admin + "#/rulesets/") + "(\\d+)/files/" + Pattern.quote(ownership)).matcher(page.url());
            assertTrue(m.matches(), page.url());
            int saved = Integer.parseInt(m.group(1));

            Path file = Files.createTempDirectory(Path.of("target"), "it-xlsx-").resolve(ownership);
            step(page, "76-xlsx-downloaded", () -> {
                Download download = page.waitForDownload(() -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download").setExact(true)).click());
                assertEquals(ownership, download.suggestedFilename());
                download.saveAs(file);
            });
            Map<String, Object> savedRevision = as("ann").get("/v1/rulesets/" + saved).then().statusCode(200)
                    .extract().as(Map.class);
            assertEquals(fileSha(savedRevision, ownership), sha256(Files.readAllBytes(file)), "the download is not the stored file");

            step(page, "77-xlsx-uploaded-again", () -> {
                page.getByLabel("File edited in Excel").setInputFiles(file);
                page.getByLabel("Upload note").fill("The same workbook, uploaded again");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload as draft")).click();
                assertThat(page).not().hasURL(admin + "#/rulesets/" + saved + "/files/" + ownership);
                assertThat(page.getByTestId("revision-status")).hasText("Draft");
                assertThat(page.locator(".revision-note")).containsText("The same workbook, uploaded again");
                assertThat(page.locator(".table-section").first().locator(".tabulator-row").first()).containsText("(checked in the browser)");
                assertThat(page.getByTestId("release-verdict")).isVisible();
            });
            Matcher u = Pattern.compile(Pattern.quote(admin + "#/rulesets/") + "(\\d+)/files/" + Pattern.quote(ownership)).matcher(page.url());
            assertTrue(u.matches(), page.url());
            Map<String, Object> uploaded = as("ann").get("/v1/rulesets/" + u.group(1)).then().statusCode(200)
                    .extract().as(Map.class);
            assertEquals(saved, uploaded.get("baseRevision"));
            assertEquals(fileSha(savedRevision, ownership), fileSha(uploaded, ownership));
            assertEquals(savedRevision.get("sha256"), uploaded.get("sha256"));
        }
    }

    /** A request to the service as one of the realm's example users. */
    private io.restassured.specification.RequestSpecification as(String user) {
        return service.as(keycloak.userToken(user));
    }

    /** Signs in through Keycloak's own form, from the admin UI's sign-in screen. */
    private static void signIn(Page page, String user) {
        page.getByTestId("sign-in").click();
        page.locator("#username").fill(user);
        page.locator("#password").fill("change-me");
        page.locator("#kc-login").click();
        assertThat(page.getByTestId("caller").locator(".who-name")).hasText(user);
    }

    /**
     * Activate on the Release panel, confirming when the panel asks first ({@code release-confirm}: the
     * confirming button, or a dialog holding it).
     */
    private static void activate(Page page) {
        page.getByTestId("release-activate").click();
        Locator confirm = page.getByTestId("release-confirm");
        page.locator("[data-testid=release-success], [data-testid=release-confirm]").first()
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        if (confirm.isVisible()) {
            boolean button = (Boolean) confirm.evaluate("e => e.tagName === 'BUTTON'");
            (button ? confirm : confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                    .setName(Pattern.compile("^(Confirm|Activate)")))).first().click();
        }
    }

    private static Locator nav(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));
    }

    private static Locator.FilterOptions hasText(String text) {
        return new Locator.FilterOptions().setHasText(text);
    }

    /**
     * {@link SecuredService#MIN_SIMULATED_DECISIONS} business keys, none in the buckets the rollout covers
     * today (0–19): {@link #NEWLY_ROLLED_OUT} in 20–29 (the first of them first), the rest in 30–99.
     */
    private static List<String> businessKeys(String prefix) {
        List<String> newly = new java.util.ArrayList<>();
        List<String> others = new java.util.ArrayList<>();
        for (int i = 0; newly.size() < NEWLY_ROLLED_OUT || others.size() < SecuredService.MIN_SIMULATED_DECISIONS - NEWLY_ROLLED_OUT; i++) {
            String key = prefix + "-order-" + i;
            int bucket = Bucket.of(key);
            if (bucket >= 20 && bucket < 30 && newly.size() < NEWLY_ROLLED_OUT) {
                newly.add(key);
            } else if (bucket >= 30 && others.size() < SecuredService.MIN_SIMULATED_DECISIONS - NEWLY_ROLLED_OUT) {
                others.add(key);
            }
        }
        newly.addAll(others);
        return newly;
    }

    /** Inventory confidence HIGH and planner lag 0, observed now, pushed as the monitoring client does. */
    private void pushHealthySignals() {
        String pusher = keycloak.clientToken("arbiter", "signal-pusher", "signal-pusher-secret");
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
        service.as(pusher).contentType(ContentType.JSON).body("{\"value\":\"HIGH\",\"observedAt\":\"" + now + "\"}")
                .put("/v1/signals/inventory-confidence.EU").then().statusCode(200);
        service.as(pusher).contentType(ContentType.JSON).body("{\"value\":0,\"observedAt\":\"" + now + "\"}")
                .put("/v1/signals/fulfillment-planner.lag").then().statusCode(200);
    }

    private Response decide(String token, String businessKey, String correlation) {
        return decide(token, "ui-scenario-" + UUID.randomUUID(), businessKey, correlation);
    }

    private Response decide(String token, String commandId, String businessKey, String correlation) {
        return service.as(token).contentType(ContentType.JSON).body("{\"commandId\":\"" + commandId
                + "\",\"type\":\"PlaceOrder\",\"businessKey\":\"" + businessKey + "\",\"market\":\"EU\",\"channel\":\"web\",\"correlationId\":\""
                + correlation + "\"}").post("/v1/decide");
    }

    @SuppressWarnings("unchecked")
    private static String fileSha(Map<String, Object> revision, String name) {
        return ((List<Map<String, Object>>) revision.get("files")).stream().filter(f -> name.equals(f.get("name")))
                .map(f -> (String) f.get("sha256")).findFirst().orElseThrow(() -> new AssertionError(name + " not in " + revision));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

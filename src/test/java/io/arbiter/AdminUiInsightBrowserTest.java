package io.arbiter;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.arbiter.api.OpenModeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Simulations, Audit and Live pages in a real browser against the service in open mode: a
 * simulation started from the UI runs to its report (headline, totals, charts, heatmap, examples),
 * the audit log is searched by command id and a decision opened, the chain verified, and the live
 * page counts decisions per second. Screenshots of each step: {@code target/admin-ui-screenshots/}.
 */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
class AdminUiInsightBrowserTest extends AdminUiPageTestBase {
    /** Under the bundled rule set ArchiveOrder has no owner; this draft gives it one. */
    static final String ARCHIVE_OWNED = String.join("\n", "RuleSet,io.arbiter.test", ",", "RuleTable Archive ownership",
            "NAME,CONDITION,ACTION", ",c: Command,", ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"",
            "Rule,Command type,Owner", "Archive desk owns archiving,ArchiveOrder,archive-desk") + "\n";

    @TestHTTPResource("/admin/")
    URL admin;

    @Test
    void aSimulationStartedFromTheUiShowsWhatTheDraftWouldChange() {
        // 6 archive orders (no owner today) and 4 placed orders (routed), under one correlation id no other test uses:
        // the draft moves exactly the 6.
        String correlation = "ui-sim-" + UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            decide(UUID.randomUUID().toString(), "ArchiveOrder", correlation).then().body("outcome", equalTo("NO_OWNER"));
        }
        for (int i = 0; i < 4; i++) {
            decide(UUID.randomUUID().toString(), "PlaceOrder", correlation).then().body("outcome", equalTo("ROUTED"));
        }
        int candidate = given().multiPart("file", "50-archive.drl.csv", ARCHIVE_OWNED.getBytes(StandardCharsets.UTF_8))
                .multiPart("note", "Archive desk takes archiving").post("/v1/rulesets")
                .then().statusCode(201).extract().path("revision");

        page.navigate(admin + "#/simulations");
        step(page, "20-simulations-list", () -> {
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Simulations").setLevel(1))).isVisible();
            assertThat(page.getByTestId("simulations")).isVisible();
        });

        step(page, "21-new-simulation-form", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New simulation")).click();
            Locator form = page.getByTestId("new-simulation");
            // The newest draft is the default candidate, the active revision the default baseline.
            assertThat(form.locator("#sim-candidate")).hasValue(String.valueOf(candidate));
            assertThat(form.locator("#sim-baseline")).hasValue("1");
            assertThat(form.locator("#sim-from")).not().hasValue("");
            form.getByText("Only some of these decisions").click();
            form.locator("#sim-correlation").fill(correlation);
        });

        step(page, "22-simulation-report", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start simulation")).click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/simulations/[0-9a-f-]{36}$"));
            assertThat(page.getByTestId("run").getByTestId("status")).hasText("Completed");
            assertThat(page.getByTestId("headline")).hasText("6 of 10 decisions would change: owner NO_OWNER → archive-desk");
            Locator totals = page.getByTestId("totals");
            assertThat(totals.locator("[data-stat='Replayed'] .stat-value")).hasText("10");
            assertThat(totals.locator("[data-stat='Changed'] .stat-value")).hasText("6");
            assertThat(totals.locator("[data-stat='Changed'] .stat-note")).hasText("60%");
            assertThat(page.getByTestId("changes-by-kind").locator("canvas")).isVisible();
            assertThat(page.getByTestId("changes-by-dimension").locator("canvas")).isVisible();
            assertThat(page.getByTestId("owner-heatmap")).hasAttribute("data-chart", "heatmap");
            assertThat(page.getByTestId("owner-heatmap").locator("canvas")).isVisible();
            assertThat(page.getByTestId("moves").locator("tbody tr")).hasCount(1);
            assertThat(page.getByTestId("moves").locator("tbody tr")).containsText("archive-desk");
            assertThat(page.getByTestId("rows-hit")).containsText("Archive desk owns archiving");
            assertThat(page.getByTestId("dead-rows")).isVisible();
        });

        step(page, "23-example-opens-the-decision", () -> {
            page.getByTestId("examples").locator("a.example").first().click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/audit/[0-9a-f-]{36}$"));
            Locator decision = page.getByTestId("decision");
            assertThat(decision.locator(".outcome")).hasText("NO_OWNER");
            assertThat(decision.locator("[data-facts='Envelope']")).containsText("ArchiveOrder");
            assertThat(decision.locator("[data-facts='Envelope']")).containsText(correlation);
        });

        step(page, "24-simulations-list-with-the-run", () -> {
            page.navigate(admin + "#/simulations");
            Locator row = page.getByTestId("simulations").locator("tbody tr").first();
            assertThat(row).containsText("Completed");
            assertThat(row.locator("td").nth(1)).hasText("#" + candidate);
            assertThat(row).containsText("correlationId " + correlation);
        });
    }

    @Test
    void aRunningSimulationShowsItsProgressAndIsCancelledFromItsPage() {
        int candidate = given().multiPart("file", "50-archive.drl.csv", ARCHIVE_OWNED.getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).extract().path("revision");
        // An uploaded history long enough to be still running when the page opens: 300,000 bare envelopes (13 MB).
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            history.append("{\"commandId\":\"ui-big-").append(i).append("\",\"type\":\"ArchiveOrder\"}\n");
        }
        String id = given().multiPart("history", "big.jsonl", history.toString().getBytes(StandardCharsets.UTF_8))
                .multiPart("candidateRevision", String.valueOf(candidate)).multiPart("baseline", "1")
                .post("/v1/simulations").then().statusCode(202).extract().path("id");

        page.navigate(admin + "#/simulations/" + id);
        step(page, "25-simulation-running", () -> {
            assertThat(page.getByTestId("progress")).isVisible();
            assertThat(page.getByTestId("run")).containsText("file big.jsonl");
        });
        step(page, "26-simulation-cancelled", () -> {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
            assertThat(page.getByTestId("run").getByTestId("status")).hasText("Cancelled",
                    new LocatorAssertions.HasTextOptions().setTimeout(30_000));
            assertThat(page.getByTestId("run")).containsText("a cancelled simulation keeps no report");
            assertThat(page.getByTestId("progress")).hasCount(0);
        });
    }

    @Test
    void theAuditLogIsSearchedByCommandIdAndTheChainVerified() {
        String commandId = "ui-audit-" + UUID.randomUUID();
        decide(commandId, "PlaceOrder", "ui-audit").then().statusCode(200);

        page.navigate(admin + "#/audit");
        step(page, "30-audit-search", () -> {
            page.locator("#audit-commandId").fill(commandId);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/audit\\?commandId=" + commandId + "$"));
            Locator rows = page.getByTestId("decisions").locator("tbody tr");
            assertThat(rows).hasCount(1);
            assertThat(rows.first()).containsText(commandId);
            assertThat(rows.first().locator(".outcome")).hasText("ROUTED");
            assertThat(rows.first().locator(".outcome")).hasClass(Pattern.compile("\\boutcome-routed\\b"));
        });

        step(page, "31-audit-export", () -> {
            Download download = page.waitForDownload(() -> page.getByTestId("export").click());
            assertTrue(download.suggestedFilename().endsWith(".jsonl"), download.suggestedFilename());
            try {
                // The export takes no command id: every decision, one JSON object a line, ours among them.
                List<String> lines = Files.readAllLines(download.path());
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("{") && l.contains("\"commandId\":\"" + commandId + "\"")),
                        "the export holds no line for " + commandId);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        step(page, "32-audit-decision", () -> {
            page.getByTestId("decisions").locator("tbody tr").first().click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/#/audit/[0-9a-f-]{36}$"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Decision for " + commandId);
            Locator decision = page.getByTestId("decision");
            assertThat(decision.locator("[data-facts='Envelope']")).containsText("PlaceOrder");
            assertThat(decision.locator("[data-facts='Result']")).containsText("Owner");
            assertThat(decision.getByTestId("matched-rows").locator("li").first()).isVisible();
            assertThat(decision.getByTestId("reasons").locator("li").first()).containsText("Table ");
            assertThat(decision.locator("[data-facts='Trace and chain']")).containsText("Sequence");
            // The bundled revision tests two signals: the record holds them as this decision read them.
            assertThat(decision.getByTestId("signals").locator("tr[data-signal='inventory-confidence.EU']")).isVisible();
            assertThat(decision.getByTestId("signals").locator("tr[data-signal='fulfillment-planner.backlogged']")).isVisible();
        });

        step(page, "33-audit-verify", () -> {
            page.goBack();
            page.getByTestId("verify").click();
            assertThat(page.getByTestId("verify-result")).containsText("The chain is intact");
            assertThat(page.getByTestId("verify-result")).containsText("Head: seq");
            assertThat(page.getByTestId("verify-result")).containsText("No record in quarantine.");
        });

        step(page, "34-audit-next-page", () -> {
            String correlation = "ui-pages-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                decide("ui-page-" + i + "-" + UUID.randomUUID(), "PlaceOrder", correlation).then().statusCode(200);
            }
            page.navigate(admin + "#/audit?correlationId=" + correlation + "&limit=2");
            Locator rows = page.getByTestId("decisions").locator("tbody tr");
            assertThat(rows).hasCount(2);
            assertThat(page.locator("#audit-limit")).hasValue("2");
            page.getByTestId("next-page").click();
            assertThat(page).hasURL(Pattern.compile(".*[?&]cursor=[^&]+.*"));
            assertThat(rows).hasCount(1);
            assertThat(page.getByTestId("next-page")).hasCount(0);
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("First page"))).isVisible();
        });

        step(page, "35-audit-nothing-found", () -> {
            page.navigate(admin + "#/audit?commandId=no-such-" + UUID.randomUUID());
            assertThat(page.getByTestId("decisions").getByTestId("empty")).containsText("No decision matches.");
        });
    }

    @Test
    void theLivePageCountsDecisionsPerSecond() {
        // The page reads every 5 s on its own timer. The browser's clock is Playwright's here, moved on by the test:
        // the page runs its own code at its own interval, and neither the second reading nor the proof that the timer
        // is gone waits 5 real seconds.
        page.clock().install();
        page.navigate(admin + "#/live");
        Locator rate = page.locator("[data-stat='rate'] .stat-value");
        step(page, "40-live-first-reading", () -> {
            assertThat(page.locator("[data-stat='rate'] .stat-note")).hasText("measuring: two readings 5 s apart");
            assertThat(page.locator("[data-stat='audit'] .stat-value")).hasText("Database");
            // The charts are drawn at the end of the first reading, just before the next one is scheduled.
            assertThat(page.getByTestId("rate-chart").locator("canvas")).isVisible();
        });

        for (int i = 0; i < 20; i++) {
            decide("ui-live-" + UUID.randomUUID(), "PlaceOrder", "ui-live").then().statusCode(200);
        }
        page.clock().fastForward(5_000);
        step(page, "41-live-decisions-per-second", () -> {
            assertThat(rate).hasText(Pattern.compile("^(?!0$)\\d+(\\.\\d)?$"), new LocatorAssertions.HasTextOptions().setTimeout(15_000));
            assertThat(page.getByTestId("rate-chart").locator("canvas")).isVisible();
            assertThat(page.getByTestId("outcome-chart").locator("canvas")).isVisible();
            assertThat(page.getByTestId("owner-chart").locator("canvas")).isVisible();
            assertThat(page.locator("[data-stat='p99'] .stat-value")).hasText(Pattern.compile("ms$"));
        });

        step(page, "42-live-stops-when-left", () -> {
            AtomicInteger readings = new AtomicInteger();
            page.onRequest(request -> {
                if (request.url().contains("/q/metrics")) {
                    readings.incrementAndGet();
                }
            });
            page.navigate(admin + "#/rulesets");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Rule sets").setLevel(1))).isVisible();
            // More than one polling interval (5 s) on another page: the live page's timer must be gone. A timer still
            // there fires in the jump and its request is on the wire within the real second after it.
            page.clock().fastForward(6_000);
            page.waitForTimeout(1_000);
            assertEquals(0, readings.get(), "the live page kept reading /q/metrics after it was left");
        });
    }

    private static io.restassured.response.Response decide(String commandId, String type, String correlation) {
        return given().contentType(ContentType.JSON).body("{\"commandId\":\"" + commandId + "\",\"type\":\"" + type
                + "\",\"market\":\"DE\",\"channel\":\"web\",\"correlationId\":\"" + correlation + "\"}").post("/v1/decide");
    }
}

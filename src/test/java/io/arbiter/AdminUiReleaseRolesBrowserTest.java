package io.arbiter;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.arbiter.api.Simulations;
import io.arbiter.api.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Release panel with security on and four-eyes in force: the approver who uploaded a draft is
 * told that a second person must activate it, another approver confirms and activates it on its
 * simulation (the timeline names them and the evidence), an analyst reads the verdict without
 * buttons, and an older revision is rolled back to after a confirmation. The draft's simulation
 * replays decisions made through {@code POST /v1/decide} in setup
 * ({@code arbiter.release.min-simulated-decisions} = 20 in the test profile). Every request says who
 * it is. Screenshots: {@code target/admin-ui-screenshots/7x-…}.
 */
@QuarkusTest
class AdminUiReleaseRolesBrowserTest extends AdminUiBrowserTestBase {
    /** Uploads the draft and may approve: four-eyes keeps them from activating their own revision. */
    static final String AUTHOR = "ada";
    /** The second person. */
    static final String SECOND = "bert";
    static final int REQUIRED_DECISIONS = 20;

    @TestHTTPResource("/admin/")
    URL admin;

    int initiallyActive;
    int draft;
    String simulation;

    @BeforeEach
    void draftWithAQualifyingSimulation() {
        initiallyActive = Tokens.as(SECOND, "approver").get("/v1/rulesets/active").then().statusCode(200).extract().path("revision");
        String correlation = "release-roles-" + UUID.randomUUID();
        for (int i = 0; i < REQUIRED_DECISIONS; i++) {
            Tokens.as("gateway", "decider").contentType(ContentType.JSON)
                    .body("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"ArchiveOrder\",\"market\":\"DE\",\"correlationId\":\"" + correlation + "\"}")
                    .post("/v1/decide").then().statusCode(200);
        }
        draft = Tokens.as(AUTHOR, "analyst", "approver")
                .multiPart("file", "50-release-panel.drl.csv", AdminUiReleaseBrowserTest.ARCHIVE_OWNED.getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).extract().path("revision");
        simulation = Tokens.as(AUTHOR, "analyst", "approver").contentType(ContentType.JSON)
                .body("{\"candidateRevision\":" + draft + ",\"source\":{\"auditLog\":{\"correlationId\":\"" + correlation + "\"}}}")
                .post("/v1/simulations").then().statusCode(202).extract().path("id");
        assertEquals("COMPLETED", Simulations.awaitFinished(() -> Tokens.as(AUTHOR, "analyst"), simulation).getString("status"));
    }

    @AfterEach
    void restore() {
        Tokens.as(SECOND, "approver").post("/v1/rulesets/" + initiallyActive + "/activate").then().statusCode(200);
    }

    @Test
    void theAuthorIsToldASecondPersonMustActivateAnAnalystOnlyReadsAndAnotherApproverActivatesAfterConfirming() {
        in(Tokens.token(AUTHOR, null, "analyst", "approver"), page -> step(page, "70-release-author-under-four-eyes", () -> {
            page.navigate(admin + "#/rulesets/" + draft);
            assertThat(page.getByTestId("revision-status")).hasText("Simulated");
            assertThat(page.getByTestId("release-verdict")).hasText("Revision #" + draft + " cannot be activated yet:");
            assertThat(page.getByTestId("release-reasons").locator("li")).hasText(new String[] {
                "You wrote this revision. Under four-eyes another approver must activate it."});
            assertThat(page.getByTestId("release-activate")).isDisabled();
            // The simulation is there: only a second person is missing, and no override stands in for one.
            assertThat(page.getByTestId("release-override")).hasCount(0);
        }));

        // The author without the approver role: the role is the reason; four-eyes would add nothing for them.
        in(Tokens.token(AUTHOR, null, "analyst"), page -> step(page, "70b-release-author-without-the-approver-role", () -> {
            page.navigate(admin + "#/rulesets/" + draft);
            assertThat(page.getByTestId("release-reasons").locator("li")).hasText(new String[] {
                "Activating needs the approver role. You can read this verdict; an approver acts on it."});
        }));

        in(Tokens.token("ann", null, "analyst"), page -> step(page, "71-release-analyst-reads-the-verdict", () -> {
            page.navigate(admin + "#/rulesets/" + draft);
            assertThat(page.getByTestId("release-verdict")).hasText("Revision #" + draft + " cannot be activated yet:");
            assertThat(page.getByTestId("release-reasons").locator("li[data-code='ROLE']"))
                    .hasText("Activating needs the approver role. You can read this verdict; an approver acts on it.");
            assertThat(page.getByTestId("release").locator("button")).hasCount(0);
        }));

        in(Tokens.token(SECOND, null, "approver"), page -> {
            List<String> activations = recordActivations(page);
            step(page, "72-release-second-approver-may-activate", () -> {
                page.navigate(admin + "#/rulesets/" + draft);
                assertThat(page.getByTestId("release-verdict"))
                        .containsText("Ready to activate: a simulation replayed " + REQUIRED_DECISIONS + " recent decisions against it");
                assertThat(page.getByTestId("release-activate")).isEnabled();
            });

            step(page, "73-release-confirmation-with-evidence", () -> {
                page.getByTestId("release-activate").click();
                assertThat(page.getByTestId("release-confirm-dialog")).isVisible();
                assertThat(page.getByTestId("release-confirm-what"))
                        .hasText("Revision #" + draft + " will decide every command from now on, replacing revision #" + initiallyActive + ".");
                Locator evidence = page.getByTestId("release-confirm-evidence");
                assertThat(evidence).containsText("Simulation " + simulation);
                assertThat(evidence).containsText("Replayed " + REQUIRED_DECISIONS + " recent decisions from the audit log");
                assertThat(page.getByTestId("release-confirm-changes"))
                        .hasText(REQUIRED_DECISIONS + " of " + REQUIRED_DECISIONS + " decisions would change: owner NO_OWNER → archive-desk");
            });

            step(page, "74-release-confirmation-cancelled", () -> {
                page.getByTestId("release-cancel").click();
                assertThat(page.getByTestId("release-confirm-dialog")).hasCount(0);
                assertThat(page.getByTestId("revision-status")).hasText("Simulated");
                assertEquals(List.of(), activations);
            });

            step(page, "75-release-activated-by-the-second-approver", () -> {
                page.getByTestId("release-activate").click();
                page.getByTestId("release-confirm").click();
                assertThat(page.getByTestId("release-success")).hasText("Revision #" + draft + " is active: it decides every command from now on.");
                assertThat(page.getByTestId("revision-status")).hasText("Active");
                assertEquals(1, activations.size());
            });

            step(page, "76-release-on-the-timeline-with-evidence", () -> {
                page.navigate(admin + "#/rulesets");
                Locator latest = page.getByTestId("activations").locator(".timeline-item").first();
                assertThat(latest).containsText("Revision #" + draft + " released, replacing #" + initiallyActive);
                assertThat(latest.locator(".timeline-meta")).containsText("by " + SECOND);
                assertThat(latest.locator(".timeline-evidence")).hasText("On simulation " + simulation);
            });
        });
        Tokens.as(SECOND, "approver").get("/v1/rulesets/activations?limit=1").then().statusCode(200)
                .body("[0].revision", equalTo(draft)).body("[0].activatedBy", equalTo(SECOND))
                .body("[0].simulationId", equalTo(simulation)).body("[0].breakGlass", equalTo(false));
    }

    @Test
    void anApproverIsOfferedTheRollbackToAnOlderRevisionAndConfirmsIt() {
        Tokens.as(SECOND, "approver").post("/v1/rulesets/" + draft + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));

        in(Tokens.token(AUTHOR, null, "analyst", "approver"), page -> {
            List<String> activations = recordActivations(page);
            step(page, "77-release-rollback-confirmation", () -> {
                page.navigate(admin + "#/rulesets/" + initiallyActive);
                assertThat(page.getByTestId("revision-status")).hasText("Retired");
                assertThat(page.getByTestId("release-verdict")).containsText("needs no simulation");
                page.getByTestId("release-activate").click();
                assertThat(page.getByTestId("release-confirm-what"))
                        .hasText("Revision #" + initiallyActive + " will decide every command again, replacing revision #" + draft + ".");
                assertThat(page.getByTestId("release-confirm-evidence")).hasText("It decided before, so rolling back needs no simulation.");
            });

            step(page, "78-release-rollback-escaped", () -> {
                page.keyboard().press("Escape");
                assertThat(page.getByTestId("release-confirm-dialog")).hasCount(0);
                assertEquals(List.of(), activations);
            });

            step(page, "79-release-rolled-back", () -> {
                page.getByTestId("release-activate").click();
                page.getByTestId("release-confirm").click();
                assertThat(page.getByTestId("release-success")).hasText("Rolled back to #" + initiallyActive + ": it decides every command again.");
                assertThat(page.getByTestId("revision-status")).hasText("Active");
                assertEquals(1, activations.size());
            });
        });
        Tokens.as(SECOND, "approver").get("/v1/rulesets/activations?limit=1").then().statusCode(200)
                .body("[0].revision", equalTo(initiallyActive)).body("[0].kind", equalTo("ROLLBACK"))
                .body("[0].activatedBy", equalTo(AUTHOR));
    }

    private void in(String token, Consumer<Page> check) {
        try (BrowserContext context = browser.context(Map.of("Authorization", "Bearer " + token))) {
            check.accept(context.newPage());
        }
    }

    /** The activations the page sends, as they are sent (a cancelled confirmation must send none). */
    private static List<String> recordActivations(Page page) {
        List<String> sent = new CopyOnWriteArrayList<>();
        Pattern activate = Pattern.compile(".*/v1/rulesets/\\d+/activate$");
        page.onRequest(request -> {
            if ("POST".equals(request.method()) && activate.matcher(request.url()).matches()) {
                sent.add(request.url());
            }
        });
        return sent;
    }
}

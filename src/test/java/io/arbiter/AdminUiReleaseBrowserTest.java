package io.arbiter;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import io.arbiter.api.OpenModeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.arbiter.AdminUiBrowser.step;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Release panel in a real browser, in open mode: a fresh draft is held by the gate (no
 * simulation) with the button disabled and the reason in plain words, is activated through the
 * override dialog with a reason, and the revision it replaced is rolled back to after a confirmation
 * (cancelled first, by its button, by Escape and by leaving the page, sending nothing). Open mode has no
 * identities, so four-eyes is never judged there (ReleaseService): the caller, who is every role,
 * may release the draft it uploaded. Screenshots: {@code target/admin-ui-screenshots/5x-…}.
 */
@QuarkusTest
@TestProfile(OpenModeProfile.class)
class AdminUiReleaseBrowserTest extends AdminUiPageTestBase {
    static final String ARCHIVE_OWNED = String.join("\n", "RuleSet,io.arbiter.test", ",", "RuleTable Release panel",
            "NAME,CONDITION,ACTION", ",c: Command,", ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"",
            "Rule,Command type,Owner", "Archive desk owns archiving,ArchiveOrder,archive-desk") + "\n";
    static final String REASON = "Hotfix INC-4711: archiving must reach the archive desk today";

    @TestHTTPResource("/admin/")
    URL admin;

    int initiallyActive;

    @BeforeEach
    void rememberActive() {
        initiallyActive = given().get("/v1/rulesets/active").then().statusCode(200).extract().path("revision");
    }

    @AfterEach
    void restore() {
        given().post("/v1/rulesets/" + initiallyActive + "/activate").then().statusCode(200);
    }

    @Test
    void aDraftHeldByTheGateIsReleasedWithAnOverrideReasonAndThePreviousRevisionIsRolledBackTo() {
        int draft = given().multiPart("file", "50-release-panel.drl.csv", ARCHIVE_OWNED.getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).extract().path("revision");
        List<String> activations = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if ("POST".equals(request.method()) && request.url().endsWith("/activate")) {
                activations.add(request.url());
            }
        });
        Locator panel = page.getByTestId("release");
        Locator activate = page.getByTestId("release-activate");

        step(page, "50-release-held-by-the-gate", () -> {
            page.navigate(admin + "#/rulesets/" + draft);
            assertThat(page.getByTestId("revision-status")).hasText("Draft");
            assertThat(page.getByTestId("release-verdict")).hasText("Revision #" + draft + " cannot be activated yet:");
            assertThat(panel.locator("li[data-code='NO_SIMULATION']")).containsText("No simulation yet");
            assertThat(panel.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Start a simulation")))
                    .hasAttribute("href", "#/simulations");
            assertThat(activate).hasText("Activate revision #" + draft);
            assertThat(activate).isDisabled();
        });

        step(page, "51-release-override-dialog", () -> {
            page.getByTestId("release-override").click();
            Locator dialog = page.getByTestId("override-dialog");
            assertThat(dialog).isVisible();
            // The reason is required: an empty one keeps the dialog open and sends nothing.
            page.getByTestId("override-confirm").click();
            assertThat(dialog).isVisible();
            page.getByTestId("override-reason").fill(REASON);
        });

        step(page, "52-release-activated-with-override", () -> {
            page.getByTestId("override-confirm").click();
            assertThat(page.getByTestId("release-success")).hasText("Revision #" + draft + " is active: it decides every command from now on.");
            assertThat(page.getByTestId("revision-status")).hasText("Active");
            assertThat(activate).hasCount(0);
        });
        given().get("/v1/rulesets/activations?limit=1").then()
                .body("[0].revision", equalTo(draft)).body("[0].kind", equalTo("ACTIVATION"))
                .body("[0].overrideReason", equalTo(REASON));

        step(page, "53-release-rollback-allowed", () -> {
            page.navigate(admin + "#/rulesets/" + initiallyActive);
            assertThat(page.getByTestId("revision-status")).hasText("Retired");
            assertThat(page.getByTestId("release-verdict")).containsText("needs no simulation");
            assertThat(activate).hasText("Roll back to #" + initiallyActive);
            assertThat(activate).isEnabled();
            assertThat(page.getByTestId("release-override")).hasCount(0);
        });

        step(page, "54-release-rollback-confirmation", () -> {
            activations.clear();
            activate.click();
            Locator dialog = page.getByTestId("release-confirm-dialog");
            assertThat(dialog).isVisible();
            assertThat(page.getByTestId("release-confirm-what"))
                    .hasText("Revision #" + initiallyActive + " will decide every command again, replacing revision #" + draft + ".");
            assertThat(page.getByTestId("release-confirm-evidence")).hasText("It decided before, so rolling back needs no simulation.");
            assertThat(page.getByTestId("release-confirm")).hasText("Roll back to #" + initiallyActive);
        });

        step(page, "55-release-rollback-cancelled", () -> {
            page.getByTestId("release-cancel").click();
            assertThat(page.getByTestId("release-confirm-dialog")).hasCount(0);
            // Escape cancels too.
            activate.click();
            assertThat(page.getByTestId("release-confirm-dialog")).isVisible();
            page.keyboard().press("Escape");
            assertThat(page.getByTestId("release-confirm-dialog")).hasCount(0);
            // Leaving the page (Back, which works behind a modal dialog) cancels as well.
            activate.click();
            assertThat(page.getByTestId("release-confirm-dialog")).isVisible();
            page.goBack();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/" + draft + "$"));
            assertThat(page.getByTestId("release-confirm-dialog")).hasCount(0);
            page.goForward();
            assertThat(page).hasURL(Pattern.compile(".*#/rulesets/" + initiallyActive + "$"));
            assertThat(activate).isEnabled();
            assertThat(page.getByTestId("revision-status")).hasText("Retired");
            assertEquals(List.of(), activations, "a cancelled rollback sends nothing");
        });

        step(page, "56-release-rolled-back", () -> {
            activate.click();
            page.getByTestId("release-confirm").click();
            assertThat(page.getByTestId("release-success")).hasText("Rolled back to #" + initiallyActive + ": it decides every command again.");
            assertThat(page.getByTestId("revision-status")).hasText("Active");
            assertEquals(List.of(admin.toString().replace("/admin/", "/v1/rulesets/" + initiallyActive + "/activate")), activations);
        });

        step(page, "57-release-on-the-timeline", () -> {
            page.navigate(admin + "#/rulesets");
            Locator timeline = page.getByTestId("activations");
            assertThat(timeline).containsText("Rolled back to revision #" + initiallyActive + " from #" + draft);
            assertThat(timeline).containsText("Revision #" + draft + " released, replacing #" + initiallyActive);
        });
    }
}

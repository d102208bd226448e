package io.arbiter;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's Chromium driven by Playwright for Java, for the admin UI's browser tests. Each step of
 * a test leaves a screenshot in {@code target/admin-ui-screenshots/} (a failing one as
 * {@code FAILED-…}). Without Chromium the tests fail, saying how to install it: a browser test
 * that skipped itself would pass CI without anyone having looked at the page.
 */
final class AdminUiBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target/admin-ui-screenshots");
    static final String NO_CHROMIUM = "The admin UI's browser tests need Debian's Chromium at " + CHROMIUM
            + ". Install it with: apt-get install -y chromium fonts-liberation (.ci/run does when it is missing)";

    private final Playwright playwright;
    private final Browser browser;

    private AdminUiBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static AdminUiBrowser launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(NO_CHROMIUM);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Playwright's own browser download cannot work here (only package registries are reachable); its
        // driver comes from the driver-bundle jar, and the browser is the system's.
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // Assertions wait for the page rather than sleeping: a passing step costs nothing more, and a
        // 2-core CI machine busy with other test JVMs gets 15 s, not 5 s, for the server to answer.
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        try {
            return new AdminUiBrowser(playwright,
                    playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /**
     * A fresh browser context (no cookies, no storage) sending {@code headers} with every request —
     * how a test signs in until the UI does it itself. A fixed locale and zone, so dates and numbers
     * read the same on every machine.
     */
    BrowserContext context(Map<String, String> headers) {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 720).setLocale("en-US")
                .setTimezoneId("UTC").setExtraHTTPHeaders(headers));
    }

    /** Types into a grid cell as in a spreadsheet: click it, select its text, type over it, Enter. */
    static void edit(Locator cell, String text) {
        cell.click();
        Locator input = cell.locator("input");
        input.press("Control+A");
        input.pressSequentially(text);
        input.press("Enter");
    }

    /** Runs one step of a test and screenshots the page after it — as FAILED-… when it failed, then fails. */
    static void step(Page page, String name, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException | AssertionError e) {
            shoot(page, "FAILED-" + name);
            throw e;
        }
        shoot(page, name);
    }

    private static void shoot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        assertTrue(Files.isRegularFile(file), "no screenshot at " + file);
    }

    @Override
    public void close() {
        playwright.close();
    }
}

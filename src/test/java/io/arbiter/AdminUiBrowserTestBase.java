package io.arbiter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that drives the admin UI in Chromium: one browser for the class, launched before its
 * first test and closed after its last ({@link AdminUiBrowser} fails, never skips, without Chromium).
 */
abstract class AdminUiBrowserTestBase {
    static AdminUiBrowser browser;

    @BeforeAll
    static void launchBrowser() {
        browser = AdminUiBrowser.launch();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}

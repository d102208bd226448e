package io.arbiter;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

/**
 * A test of the admin UI in open mode: each test gets a fresh browser context (no cookies, no
 * storage, no token) and one page in it, closed after the test.
 */
abstract class AdminUiPageTestBase extends AdminUiBrowserTestBase {
    BrowserContext context;
    Page page;

    @BeforeEach
    void openPage() {
        context = browser.context(Map.of());
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }
}

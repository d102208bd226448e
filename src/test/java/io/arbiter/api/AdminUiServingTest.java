package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin UI is served under {@code /admin/}: the shell the Web Bundler rendered, naming its
 * bundles under {@code /admin/static/}. The page itself needs no token (it holds no data; its API
 * calls do). What the page shows is {@code AdminUiBrowserTest}'s.
 */
@QuarkusTest
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class AdminUiServingTest {
    private static final Pattern SCRIPT = Pattern.compile("<script type=\"module\" src=\"(/admin/static/app-[^\"]+\\.js)\"");
    private static final Pattern STYLE = Pattern.compile("<link rel=\"stylesheet\" href=\"(/admin/static/app-[^\"]+\\.css)\"");
    /**
     * The bundle's ceiling: the shell, the pages, the grid's core and the Tabulator modules it registers — 279 kB
     * minified with the four pages, the table editor and sign-in (2026-11-30). Importing the whole of Tabulator
     * (444 kB on its own) or ECharts outside its chunk (557 kB) would pass it, and should be noticed.
     */
    private static final int MAX_SCRIPT_BYTES = 350_000;
    /** The chart module, which the script loads with import() when a page first draws a chart (admin-ui/app/charts.js). */
    private static final Pattern CHARTS = Pattern.compile("import\\(\"(/admin/static/charts-[^\"]+\\.js)\"\\)");
    /**
     * Its ceiling: echarts/core with the bar, heatmap, line and pie charts, grid, plain legend and tooltip, and the
     * canvas renderer measured 557 kB minified (ECharts 6.0.0); the whole of ECharts is over 1 MB and should be noticed.
     */
    private static final int MAX_CHARTS_BYTES = 700_000;

    @Test
    void theShellIsServedAtAdminWithoutAToken() {
        given().get("/admin/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", equalTo("no-cache"))
                .body(containsString("<title>Arbiter admin</title>"), containsString("<div id=\"app\""));
    }

    @Test
    void adminWithoutTheSlashAndTheSiteRootRedirectToIt() {
        given().redirects().follow(false).get("/admin").then().statusCode(302).header("Location", endsWith("/admin/"));
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", endsWith("/admin/"));
    }

    @Test
    void theBundlesTheShellNamesAreServedUnderAdminStatic() {
        String shell = given().get("/admin/").then().statusCode(200).extract().asString();
        String script = find(SCRIPT, shell);
        String style = find(STYLE, shell);
        Response js = given().get(script);
        js.then().statusCode(200).contentType(containsString("javascript"));
        assertTrue(js.asByteArray().length < MAX_SCRIPT_BYTES,
                "the admin UI's script is " + js.asByteArray().length + " bytes: import only the modules used");
        // The charts are a chunk of their own, loaded on demand: not part of the script every page waits for.
        Response charts = given().get(find(CHARTS, js.asString()));
        charts.then().statusCode(200).contentType(containsString("javascript"));
        assertTrue(charts.asByteArray().length < MAX_CHARTS_BYTES,
                "the admin UI's chart module is " + charts.asByteArray().length + " bytes: import only the ECharts charts and components used");
        given().get(style).then().statusCode(200).contentType(containsString("text/css"))
                .body(containsString(".tabulator"), containsString(".banner-open"));
    }

    private static String find(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        assertTrue(m.find(), "the shell names no " + pattern + ": " + html);
        return m.group(1);
    }
}

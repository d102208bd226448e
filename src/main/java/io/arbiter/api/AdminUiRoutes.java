package io.arbiter.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves the admin UI (sources in the top-level {@code admin-ui/}, see its README) at {@code /admin/}.
 * The Web Bundler renders only top-level pages and serves them from the site root, so the shell
 * it renders ({@code admin-ui/index.html}, with the hashed bundle names written in) is served here
 * under {@code /admin/} by re-routing to it; the bundles themselves are served under
 * {@code /admin/static/} ({@code quarkus.web-bundler.bundle-path}). The site root leads there too.
 */
@ApplicationScoped
public class AdminUiRoutes {
    static final String HOME = "/admin/";
    /** Where the Web Bundler serves the page it rendered from {@code admin-ui/index.html}. */
    static final String SHELL = "/index.html";

    void routes(@Observes Router router) {
        // Vert.x matches "/admin" with or without the trailing slash: the handler tells them apart.
        router.get("/admin").handler(this::admin);
        router.get("/").handler(ctx -> redirect(ctx, HOME));
        // The shell names the current bundles by their hashes: a cached copy would load last release's
        // scripts. Set on the page's own path, as a re-route starts afresh and drops what came before.
        router.get(SHELL).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
            ctx.next();
        });
    }

    private void admin(RoutingContext ctx) {
        if (!ctx.request().path().endsWith("/")) {
            // One address for the page, so its URLs (/admin/#/rulesets) and the browser's history agree.
            redirect(ctx, HOME);
            return;
        }
        ctx.reroute(SHELL);
    }

    private static void redirect(RoutingContext ctx, String path) {
        String query = ctx.request().query();
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, query == null ? path : path + "?" + query).end();
    }
}

package io.arbiter.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Echoes an AuthZEN request's {@code X-Request-ID} on its response, as AuthZEN 1.0 asks, whatever
 * the response: a decision, a problem, or the 401 of a missing token. A filter on the HTTP layer
 * rather than on the REST resources, because some of those answers never reach them.
 */
@ApplicationScoped
public class AuthZenRequestIds {
    static final String HEADER = "X-Request-ID";
    /** Ahead of the routes, so the echo is registered before anything can answer. */
    private static final int PRIORITY = 100;

    void register(@Observes Filters filters) {
        filters.register(AuthZenRequestIds::echo, PRIORITY);
    }

    private static void echo(RoutingContext ctx) {
        String id = ctx.request().getHeader(HEADER);
        if (id != null && isAuthZen(ctx.normalizedPath())) {
            ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER, id));
        }
        ctx.next();
    }

    static boolean isAuthZen(String path) {
        return path.startsWith("/access/v1/") || path.equals("/.well-known/authzen-configuration");
    }
}

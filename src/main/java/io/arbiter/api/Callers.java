package io.arbiter.api;

import io.vertx.core.http.HttpServerRequest;

/** Who is calling, as recorded on decisions, revisions, activations and simulations. */
final class Callers {
    private Callers() {
    }

    /** The caller's address, until callers are authenticated. */
    static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}

package io.arbiter.tracing;

import io.opentelemetry.context.Context;

/**
 * The trace a request's decisions belong to, taken where the request arrives: the caller's
 * {@code traceparent} continued by the HTTP server's span. Carried with the request rather than
 * looked up when a decision starts, because the decisions of an AuthZEN batch after the first — and
 * a pinned decide, after its revision was read on a worker — start on threads that are not the
 * request's, where the current context is not the request's trace.
 */
public final class TraceParent {
    /** No trace: tracing is off, or there is no context to continue. A decision then starts a new trace if tracing is on. */
    public static final TraceParent NONE = new TraceParent(Context.root());

    final Context context;

    private TraceParent(Context context) {
        this.context = context;
    }

    static TraceParent of(Context context) {
        return context == Context.root() ? NONE : new TraceParent(context);
    }
}

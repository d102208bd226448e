package io.arbiter.api;

import io.arbiter.text.TextRules;

import jakarta.ws.rs.WebApplicationException;

/**
 * Failures of the HTTP layer's multipart parser, which reads a form before any resource runs and
 * reports what it cannot read with plain exceptions (a RuntimeException for too many parts, an
 * IOException for a truncated or malformed body, a wrapped UnsupportedEncodingException for an
 * unknown charset). Recognised by where they were thrown — the parser's package — rather than by
 * their wording, and answered as the client's fault they are instead of a 500.
 */
final class MultipartFailures {
    private static final String PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";
    private static final String FORM_DATA = PARSER + "FormData";

    private MultipartFailures() {
    }

    /** The problem for a failure of the multipart parser, or null when {@code e} is something else. */
    static Problem of(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length == 0 || !trace[0].getClassName().startsWith(PARSER)) {
            return null;
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 413) {
            return Problem.of(413, "Part too large", "A text part is longer than quarkus.http.limits.max-form-attribute-size"
                    + " (2048 bytes unless configured), or the body longer than quarkus.http.limits.max-body-size");
        }
        if (trace[0].getClassName().equals(FORM_DATA)) {
            // The only thing FormData refuses is one part more than quarkus.http.limits.max-parameters.
            return Problem.of(413, "Too many parts", "The form has more parts than this service reads ("
                    + e.getMessage() + "); send fewer parts (quarkus.http.limits.max-parameters)");
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return Problem.of(400, "Malformed multipart body", "The multipart/form-data body could not be read: "
                + TextRules.echo(String.valueOf(cause.getMessage())) + " (" + cause.getClass().getSimpleName() + ")");
    }
}

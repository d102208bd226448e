package io.arbiter.api;

import java.util.List;

/** A request the API refuses, with the status and located field errors to answer with. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    static ProblemException badField(String field, String message) {
        return new ProblemException(400, "Invalid request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    Problem problem() {
        return new Problem("about:blank", title, status, getMessage(), errors == null || errors.isEmpty() ? null : errors);
    }
}

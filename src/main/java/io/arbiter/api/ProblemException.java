package io.arbiter.api;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

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

    /**
     * The same refusal, its fields named by where another request shape carries them (an AuthZEN
     * resource property, a gateway's header); the detail is rebuilt from the renamed fields.
     */
    ProblemException located(UnaryOperator<String> where) {
        if (errors == null || errors.isEmpty()) {
            return this;
        }
        List<Problem.FieldError> renamed = errors.stream().map(f -> new Problem.FieldError(where.apply(f.field()), f.message())).toList();
        String detail = renamed.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return new ProblemException(status, title, detail, renamed);
    }

    Problem problem() {
        return new Problem("about:blank", title, status, getMessage(), errors == null || errors.isEmpty() ? null : errors);
    }
}

package io.arbiter.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arbiter.audit.AuditUnavailableException;
import io.arbiter.database.StoreException;
import io.arbiter.routing.CommandConflictException;
import io.arbiter.ruleset.RuleEvaluationException;
import io.arbiter.security.TenantForbiddenException;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionException;

/**
 * A failed item of an AuthZEN batch, answered as AuthZEN asks — {@code decision: false} with
 * {@code context.error} {@code {status, message}} — so that the other items still count. The
 * statuses are those {@link ProblemMappers} gives the same failure of a single request.
 */
final class AuthZenItemErrors {
    private static final Logger LOG = Logger.getLogger(AuthZenItemErrors.class);

    private AuthZenItemErrors() {
    }

    static ObjectNode answer(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        int status;
        String message;
        if (e instanceof ProblemException p) {
            status = p.problem().status();
            message = p.getMessage();
        } else if (e instanceof CommandConflictException) {
            status = 409;
            message = e.getMessage();
        } else if (e instanceof TenantForbiddenException) {
            status = 403;
            message = e.getMessage();
        } else if (e instanceof AuditUnavailableException || e instanceof StoreException) {
            LOG.error("Batch evaluation not recorded: " + e.getMessage());
            status = 503;
            message = "The decision could not be recorded durably, so it was not returned; retry later";
        } else if (e instanceof RuleEvaluationException) {
            LOG.error(e.getMessage(), e);
            status = 500;
            message = e.getMessage();
        } else {
            LOG.error("Unexpected failure", e);
            status = 500;
            message = "An unexpected error occurred; see the service log";
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("decision", false);
        answer.putObject("context").putObject("error").put("status", status).put("message", message);
        return answer;
    }
}

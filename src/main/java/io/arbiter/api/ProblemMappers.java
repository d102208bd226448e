package io.arbiter.api;

import io.arbiter.audit.AuditUnavailableException;
import io.arbiter.database.StoreException;
import io.arbiter.routing.CommandConflictException;
import io.arbiter.routing.RevisionNotEvaluableException;
import io.arbiter.release.ReleaseGateException;
import io.arbiter.security.RoleForbiddenException;
import io.arbiter.security.TenantForbiddenException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.arbiter.decision.SignalRejectedException;
import io.arbiter.signals.SignalDerivedException;
import io.arbiter.signals.SignalPolledException;
import io.arbiter.signals.UnknownSignalException;
import io.arbiter.simulation.SimulationNotFoundException;
import io.arbiter.simulation.SimulationRejectedException;
import io.arbiter.ruleset.RuleEvaluationException;
import io.arbiter.ruleset.RuleSetNotFoundException;
import io.arbiter.ruleset.RuleSetRejectedException;
import io.arbiter.ruleset.TableConversionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem+json: one place maps domain failures to status codes. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response rejected(RuleSetRejectedException e) {
        return respond(new Problem("about:blank", "Rule set rejected", 422,
                e.errors().size() + " problem(s) found; nothing was stored", e.errors()));
    }

    /** The stored table is fine; it does not fit the format asked for: the errors name the sheets in the way. */
    @ServerExceptionMapper
    public Response notConvertible(TableConversionException e) {
        return respond(new Problem("about:blank", "Cannot convert the table", 409, e.getMessage(), e.errors()));
    }

    @ServerExceptionMapper
    public Response notFound(RuleSetNotFoundException e) {
        return respond(Problem.of(404, "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response storeDown(StoreException e) {
        LOG.error("Database unavailable", e);
        return respond(Problem.of(503, "Database unavailable",
                "The request could not be recorded durably, so it was not carried out; retry later"));
    }

    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e) {
        LOG.error("Decision not recorded: " + e.getMessage());
        return respond(Problem.of(503, "Audit log unavailable",
                "The decision could not be recorded durably, so it was not returned: " + e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(CommandConflictException e) {
        return respond(new Problem("about:blank", "Command id reused", 409, e.getMessage(), e.fields().stream()
                .map(f -> new Problem.FieldError(f, "differs from the envelope this command id was decided with")).toList()));
    }

    @ServerExceptionMapper
    public Response simulationNotFound(SimulationNotFoundException e) {
        return respond(Problem.of(404, "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response simulationRejected(SimulationRejectedException e) {
        String title = switch (e.status()) {
            case 409 -> "Simulation finished";
            case 422 -> "Unknown revision";
            case 429 -> "Too many simulations";
            case 503 -> "Service stopping";
            default -> "Invalid request";
        };
        return respond(Problem.ofField(e.status(), title, e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response unknownSignal(UnknownSignalException e) {
        return respond(Problem.of(404, "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response signalRejected(SignalRejectedException e) {
        return respond(Problem.ofField(400, "Bad request", e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response signalPolled(SignalPolledException e) {
        return respond(Problem.ofField(409, "Polled signal", e.getMessage(), "name"));
    }

    /** Like a push to a polled signal: the signal exists but takes no pushes. */
    @ServerExceptionMapper
    public Response signalDerived(SignalDerivedException e) {
        return respond(Problem.ofField(409, "Derived signal", e.getMessage(), "name"));
    }

    @ServerExceptionMapper
    public Response releaseGate(ReleaseGateException e) {
        return respond(Problem.ofField(409, "Release gate", e.getMessage(), e.field()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                "Send a valid bearer token from the configured identity provider (Authorization: Bearer …)")))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response unusableToken(UnusableTokenException e) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized", e.getMessage())))
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "The caller's roles do not allow this request"));
    }

    @ServerExceptionMapper
    public Response roleForbidden(RoleForbiddenException e) {
        return respond(Problem.ofField(403, "Forbidden", e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response tenantForbidden(TenantForbiddenException e) {
        return respond(Problem.ofField(403, "Other tenant", e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response evaluationFailed(RuleEvaluationException e) {
        LOG.error(e.getMessage(), e);
        return respond(Problem.of(500, "Rule evaluation failed", e.getMessage()));
    }

    /** A decision pinned to a revision that cannot give it: 422 naming the {@code revision} parameter. */
    @ServerExceptionMapper
    public Response pinnedRevision(io.arbiter.routing.PinnedRevisionException e) {
        return respond(new Problem("about:blank", "Unknown revision", 422, e.getMessage(),
                java.util.List.of(new Problem.FieldError("revision", e.getMessage()))));
    }

    /** A dry run the revision could not answer: the revision's fault, told to whoever is trying it, not the service's. */
    @ServerExceptionMapper
    public Response notEvaluable(RevisionNotEvaluableException e) {
        String title = switch (e.why()) {
            case DOES_NOT_COMPILE -> "Revision does not compile";
            case RULE_FAILED -> "Rule evaluation failed";
        };
        return respond(new Problem("about:blank", title, 422, e.getMessage(), e.errors().isEmpty() ? null : e.errors()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Problem unreadable = MultipartFailures.of(e);
        if (unreadable != null) {
            return respond(unreadable);
        }
        int status = e.getResponse().getStatus();
        return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()));
    }

    /**
     * Anything else — checked exceptions included, so that nothing leaves as the HTTP layer's plain
     * text page. The multipart parser's failures are the client's (a form it cannot read).
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Problem unreadable = MultipartFailures.of(e);
        if (unreadable != null) {
            return respond(unreadable);
        }
        LOG.error("Unexpected failure", e);
        return respond(Problem.of(500, "Internal error", "An unexpected error occurred; see the service log"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}

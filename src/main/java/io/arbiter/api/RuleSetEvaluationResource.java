package io.arbiter.api;

import io.arbiter.decision.CommandEnvelope;
import io.arbiter.routing.DryRun;
import io.arbiter.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Tries a command against any revision — what it would decide, and which rows — without deciding:
 * read like the rule sets themselves (analysts, engineers, approvers), nothing recorded.
 */
@Path("/v1/rulesets/{revision}/evaluate")
@RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER})
public class RuleSetEvaluationResource {
    private final DryRun dryRun;
    private final DecideConfig config;
    private final Callers callers;

    @Inject
    public RuleSetEvaluationResource(DryRun dryRun, DecideConfig config, Callers callers) {
        this.dryRun = dryRun;
        this.config = config;
        this.callers = callers;
    }

    /**
     * 200 with what the revision decides, NO_OWNER and AMBIGUOUS included; the body is a decide
     * request, read by the same {@link DecideRequestReader} (400 naming the field, 413, 415).
     * 404 for an unknown revision, 422 when the revision cannot answer (it does not compile, or a
     * rule of it failed on this command). Runs on a worker thread: a revision not evaluated
     * lately is compiled first.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecideRequestV1.class)))
    public EvaluationV1 evaluate(@PathParam("revision") int revision,
                                 @Parameter(description = "The instant the revision is evaluated as of: rows not yet"
                                         + " effective or already expired then do not match. Default: now.",
                                         example = "2026-12-01T00:00:00Z")
                                 @QueryParam("at") String at,
                                 byte[] body, @Context HttpServerRequest request) {
        JsonMediaType.require(request.getHeader("Content-Type"));
        CommandEnvelope envelope = DecideRequestReader.read(body, config.maxBodyBytes());
        return EvaluationV1.of(dryRun.evaluate(revision, envelope, RequestValues.instant("at", at), callers.current(request)));
    }
}

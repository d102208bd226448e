package io.arbiter.api;

import io.arbiter.decision.CommandEnvelope;
import io.arbiter.routing.DecisionService;
import io.arbiter.routing.RequestInfo;
import io.arbiter.security.Caller;
import io.arbiter.security.Roles;
import io.arbiter.tracing.TraceParent;
import io.arbiter.tracing.Tracing;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.regex.Pattern;

@Path("/v1/decide")
public class DecideResource {
    /** Compiled once: {@code String.matches} would compile them again for every decision that carries a trace. */
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    private final DecisionService decisions;
    private final DecideConfig config;
    private final Callers callers;
    private final Tracing tracing;

    @Inject
    public DecideResource(DecisionService decisions, DecideConfig config, Callers callers, Tracing tracing) {
        this.decisions = decisions;
        this.config = config;
        this.callers = callers;
        this.tracing = tracing;
    }

    /**
     * Which bounded context owns this command. 200 for every outcome, including NO_OWNER and
     * AMBIGUOUS, once the decision is durable. Runs on the event loop: evaluation is in-memory and
     * the audit write completes the response asynchronously. The body is read as bytes, by
     * {@link DecideRequestReader}, so OpenAPI is told its schema. The answer is sent as the text the
     * audit record holds as its {@code result}: rendered once, where it was recorded.
     */
    @POST
    @RolesAllowed(Roles.DECIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecideRequestV1.class)))
    public Uni<Response> decide(byte[] body, @QueryParam("revision") String revision, @Context HttpServerRequest request) {
        JsonMediaType.require(request.getHeader("Content-Type"));
        RequestInfo info = requestInfo(request, callers.current(request), tracing.parent());
        CommandEnvelope envelope = DecideRequestReader.read(body, config.maxBodyBytes());
        return decided(decisions, envelope, RequestValues.integer("revision", revision), info).map(DecideResource::answer);
    }

    /**
     * The decision of {@code envelope} with the active revision, or with the one {@code pinned}
     * (null: none) — how every decide adapter (this one, the gateway's) picks the revision.
     */
    static Uni<DecisionService.Answer> decided(DecisionService decisions, CommandEnvelope envelope, Integer pinned, RequestInfo info) {
        if (pinned == null) {
            return Uni.createFrom().completionStage(() -> decisions.decide(envelope, info));
        }
        // A revision not in memory is read (and compiled) from the store: never on the event loop.
        return Uni.createFrom().item(() -> decisions.pinned(pinned)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(ruleSet -> Uni.createFrom().completionStage(() -> decisions.decide(envelope, ruleSet, info)));
    }

    private static Response answer(DecisionService.Answer answer) {
        return Response.ok(answer.json(), MediaType.APPLICATION_JSON).build();
    }

    /**
     * The caller, and trace/span ids from a W3C {@code traceparent} header (version-traceid-spanid-flags)
     * for the record; {@code trace}, taken on the request's thread, for the decision's spans.
     */
    static RequestInfo requestInfo(HttpServerRequest request, Caller caller, TraceParent trace) {
        String traceId = null;
        String spanId = null;
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            String[] parts = traceparent.strip().split("-");
            if (parts.length == 4 && TRACE_ID.matcher(parts[1]).matches() && SPAN_ID.matcher(parts[2]).matches()) {
                traceId = parts[1];
                spanId = parts[2];
            }
        }
        return new RequestInfo(caller.name(), caller.subject(), caller.clientId(), caller.tenant(), traceId, spanId, trace);
    }
}

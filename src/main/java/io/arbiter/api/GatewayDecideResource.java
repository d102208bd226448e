package io.arbiter.api;

import io.arbiter.decision.CommandEnvelope;
import io.arbiter.routing.CommandConflictException;
import io.arbiter.routing.DecisionService;
import io.arbiter.routing.RequestInfo;
import io.arbiter.security.Roles;
import io.arbiter.security.TenantForbiddenException;
import io.arbiter.tracing.Tracing;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;

/**
 * {@code /v1/decide} for gateways that can only pass headers and read headers back: nginx
 * {@code auth_request} (1.22 asks with GET and no body) and Envoy {@code ext_authz} (asks with the
 * client's method, POST for a command, and by default no body, at its {@code path_prefix} followed by
 * the client's path). The envelope comes from {@code X-Command-*} headers
 * ({@link GatewayHeaders}), the answer goes back in {@code X-Arbiter-*} headers ({@link GatewayAnswer}).
 * The decision itself is {@link DecisionService#decide}'s: role decider, the caller's tenant only,
 * idempotent by command id, recorded before it is answered — the audit record is the one a decide of
 * the same envelope would write.
 */
@Path("/v1/decide/gateway")
public class GatewayDecideResource {
    private static final String TENANT_HEADER = GatewayHeaders.HEADERS.get("tenant");

    private final DecisionService decisions;
    private final GatewayConfig config;
    private final Callers callers;
    private final Tracing tracing;

    @Inject
    public GatewayDecideResource(DecisionService decisions, GatewayConfig config, Callers callers, Tracing tracing) {
        this.decisions = decisions;
        this.config = config;
        this.callers = callers;
        this.tracing = tracing;
    }

    @GET
    @RolesAllowed(Roles.DECIDER)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Decide from X-Command-* request headers; the route in X-Arbiter-* response headers (nginx auth_request, Envoy ext_authz)")
    @Parameters({
            @Parameter(name = "X-Command-Id", in = ParameterIn.HEADER, required = true, description = "commandId"),
            @Parameter(name = "X-Command-Type", in = ParameterIn.HEADER, required = true, description = "type"),
            @Parameter(name = "X-Command-Business-Key", in = ParameterIn.HEADER, description = "businessKey"),
            @Parameter(name = "X-Command-Tenant", in = ParameterIn.HEADER, description = "tenant"),
            @Parameter(name = "X-Command-Market", in = ParameterIn.HEADER, description = "market"),
            @Parameter(name = "X-Command-Channel", in = ParameterIn.HEADER, description = "channel"),
            @Parameter(name = "X-Command-Product", in = ParameterIn.HEADER, description = "product"),
            @Parameter(name = "X-Command-Customer-Tier", in = ParameterIn.HEADER, description = "customerTier"),
            @Parameter(name = "X-Command-Cohort", in = ParameterIn.HEADER, description = "cohort"),
            @Parameter(name = "X-Command-Attributes", in = ParameterIn.HEADER,
                    description = "attributes, application/x-www-form-urlencoded: dataResidency=EU&giftWrap=yes"),
            @Parameter(name = "X-Command-Correlation-Id", in = ParameterIn.HEADER, description = "correlationId"),
            @Parameter(name = "X-Command-Causation-Id", in = ParameterIn.HEADER, description = "causationId"),
            @Parameter(name = "X-Command-Issued-At", in = ParameterIn.HEADER, description = "issuedAt, ISO-8601")})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "ROUTED: the decision in the body as /v1/decide answers it",
                    headers = {@Header(name = "X-Arbiter-Outcome"), @Header(name = "X-Arbiter-Decision-Id"),
                            @Header(name = "X-Arbiter-Revision"), @Header(name = "X-Arbiter-Owner"),
                            @Header(name = "X-Arbiter-Implementation"),
                            @Header(name = "X-Arbiter-Destination", description = "owner/implementation (owner when none)"),
                            @Header(name = "X-Arbiter-Mode"), @Header(name = "X-Arbiter-Replayed")},
                    content = @Content(mediaType = MediaType.APPLICATION_JSON)),
            @APIResponse(responseCode = "403", description = "NO_OWNER or AMBIGUOUS (the status is arbiter.gateway.deny-status):"
                    + " a problem with outcome, decisionId, revision and reasons; also a caller of another tenant",
                    headers = {@Header(name = "X-Arbiter-Outcome"), @Header(name = "X-Arbiter-Decision-Id"),
                            @Header(name = "X-Arbiter-Revision")},
                    content = @Content(mediaType = Problem.MEDIA_TYPE)),
            @APIResponse(responseCode = "400", description = "a header missing, sent twice, not UTF-8 or not valid; errors name it",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "409", description = "the command id was decided before with another envelope"),
            @APIResponse(responseCode = "422", description = "the revision parameter names no usable revision")})
    public Uni<Response> decide(@QueryParam("revision") String revision, @Context HttpServerRequest request) {
        RequestInfo info = DecideResource.requestInfo(request, callers.current(request), tracing.parent());
        CommandEnvelope envelope = GatewayHeaders.envelope(request.headers());
        Uni<DecisionService.Answer> answer = DecideResource.decided(decisions, envelope, RequestValues.integer("revision", revision), info);
        // Refusals about the envelope name the headers that carried it.
        return answer.onFailure(TenantForbiddenException.class)
                .transform(e -> new TenantForbiddenException(TENANT_HEADER, e.getMessage()))
                .onFailure(CommandConflictException.class)
                .transform(e -> new CommandConflictException(envelope.commandId(), ((CommandConflictException) e).fields().stream()
                        .map(f -> GatewayHeaders.HEADERS.getOrDefault(f, f)).toList()))
                .map(a -> GatewayAnswer.of(a, config.denyStatus()));
    }

    /** The same, for gateways whose check keeps the client's POST (Envoy ext_authz does): any body is ignored. */
    @POST
    @RolesAllowed(Roles.DECIDER)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "As GET /v1/decide/gateway: the body, if any, is ignored")
    public Uni<Response> decidePost(@QueryParam("revision") String revision, @Context HttpServerRequest request) {
        return decide(revision, request);
    }

    /**
     * The same under any path below: Envoy's {@code ext_authz} {@code path_prefix} asks at the prefix
     * followed by the client's own path ({@code /v1/decide/gateway/commands/orders}). The path is not read.
     */
    @GET
    @Path("{path: .+}")
    @RolesAllowed(Roles.DECIDER)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "As GET /v1/decide/gateway; the path after it is the client's, appended by Envoy ext_authz, and not read")
    public Uni<Response> decideBelow(@PathParam("path") String path, @QueryParam("revision") String revision,
                                     @Context HttpServerRequest request) {
        return decide(revision, request);
    }

    @POST
    @Path("{path: .+}")
    @RolesAllowed(Roles.DECIDER)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "As POST /v1/decide/gateway; the path after it is the client's, appended by Envoy ext_authz, and not read")
    public Uni<Response> decidePostBelow(@PathParam("path") String path, @QueryParam("revision") String revision,
                                         @Context HttpServerRequest request) {
        return decide(revision, request);
    }
}

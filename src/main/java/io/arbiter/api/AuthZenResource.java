package io.arbiter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arbiter.routing.RequestInfo;
import io.arbiter.security.Roles;
import io.arbiter.tracing.Tracing;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenID AuthZEN 1.0 Access Evaluation API beside the native one, so that any AuthZEN-speaking
 * enforcement point can ask "may this bounded context handle this command?". Each evaluation is a
 * decide ({@link AuthZenEvaluator}): role decider, the caller's tenant only, audited, idempotent by
 * command id. Bodies are read as bytes and leniently — unknown members are ignored, as AuthZEN asks.
 */
@Path("/access/v1")
public class AuthZenResource {
    private final AuthZenEvaluator evaluator;
    private final DecideConfig decideConfig;
    private final AuthZenConfig config;
    private final Callers callers;
    private final Tracing tracing;

    @Inject
    public AuthZenResource(AuthZenEvaluator evaluator, DecideConfig decideConfig, AuthZenConfig config, Callers callers,
                           Tracing tracing) {
        this.evaluator = evaluator;
        this.decideConfig = decideConfig;
        this.config = config;
        this.callers = callers;
        this.tracing = tracing;
    }

    /** One evaluation: {@code {decision, context}}; 400 when subject, action or resource is missing or malformed. */
    @POST
    @Path("/evaluation")
    @RolesAllowed(Roles.DECIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "AuthZEN 1.0 access evaluation: may the subject (a bounded context) handle the resource (a command)?")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "{subject:{type,id}, action:{name:\"handle\"},"
                    + " resource:{type:\"command\", id:<commandId>, properties:<the decide envelope>}, context}")))
    public Uni<Response> evaluation(byte[] body, @Context HttpServerRequest request) {
        JsonMediaType.require(request.getHeader("Content-Type"));
        RequestInfo info = DecideResource.requestInfo(request, callers.current(request), tracing.parent());
        return Uni.createFrom().completionStage(() -> {
            JsonNode tree = object(body, decideConfig.maxBodyBytes());
            return evaluator.evaluate(AuthZenEvaluation.of(tree, null).complete(), info);
        }).map(AuthZenResource::ok);
    }

    /**
     * A batch: the top-level subject, action, resource and context are defaults each item of
     * {@code evaluations} inherits unless it names its own; answers in request order, a failing item
     * answered {@code decision: false} with {@code context.error}. Without items it is a single evaluation.
     */
    @POST
    @Path("/evaluations")
    @RolesAllowed(Roles.DECIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "AuthZEN 1.0 access evaluations (batch), with options.evaluations_semantic")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "{subject, action, resource, context (defaults),"
                    + " evaluations:[{subject?, action?, resource?, context?}], options:{evaluations_semantic:"
                    + " execute_all | deny_on_first_deny | permit_on_first_permit}}")))
    public Uni<Response> evaluations(byte[] body, @Context HttpServerRequest request) {
        JsonMediaType.require(request.getHeader("Content-Type"));
        RequestInfo info = DecideResource.requestInfo(request, callers.current(request), tracing.parent());
        return Uni.createFrom().completionStage(() -> {
            JsonNode tree = object(body, config.maxBatchBytes());
            AuthZenEvaluation defaults = AuthZenEvaluation.of(tree, null);
            JsonNode evaluations = tree.get("evaluations");
            if (evaluations == null || evaluations.isNull() || evaluations.isEmpty() && evaluations.isArray()) {
                // AuthZEN: a batch without items is the single evaluation its defaults describe.
                return evaluator.evaluate(defaults.complete(), info);
            }
            if (!evaluations.isArray()) {
                throw ProblemException.badField("evaluations", "must be an array");
            }
            if (evaluations.size() > config.maxEvaluations()) {
                throw ProblemException.badField("evaluations", "has " + evaluations.size() + " items; at most "
                        + config.maxEvaluations() + " are allowed");
            }
            AuthZenSemantic semantic = AuthZenSemantic.of(semantic(tree));
            List<AuthZenEvaluator.Item> items = new ArrayList<>();
            for (JsonNode item : evaluations) {
                items.add(item(item, defaults));
            }
            return evaluator.evaluateAll(items, semantic, info);
        }).map(AuthZenResource::ok);
    }

    private static AuthZenEvaluator.Item item(JsonNode item, AuthZenEvaluation defaults) {
        if (!item.isObject()) {
            return new AuthZenEvaluator.Item(null, new ProblemException(400, "Invalid request",
                    "an item of evaluations must be an object", List.of()));
        }
        try {
            return new AuthZenEvaluator.Item(AuthZenEvaluation.of(item, defaults), null);
        } catch (ProblemException e) {
            return new AuthZenEvaluator.Item(null, e);
        }
    }

    /** {@code options.evaluations_semantic}, or null when not sent; other options are ignored. */
    private static String semantic(JsonNode tree) {
        JsonNode options = tree.get("options");
        if (options == null || options.isNull()) {
            return null;
        }
        if (!options.isObject()) {
            throw ProblemException.badField("options", "must be an object");
        }
        JsonNode semantic = options.get("evaluations_semantic");
        if (semantic == null || semantic.isNull()) {
            return null;
        }
        if (!semantic.isTextual()) {
            throw ProblemException.badField("options.evaluations_semantic", "must be a string");
        }
        return semantic.asText();
    }

    /** The body as a JSON object: 413 over {@code maxBytes}, 400 when empty, not JSON, or not an object. */
    private static JsonNode object(byte[] body, int maxBytes) {
        if (body != null && body.length > maxBytes) {
            throw new ProblemException(413, "Request too large", "This request may be at most " + maxBytes + " bytes", List.of());
        }
        JsonNode tree = StrictJson.read(body, JsonNode.class);
        if (tree == null) {
            throw new ProblemException(400, "Invalid request", "The body is empty; send an AuthZEN evaluation request", List.of());
        }
        if (!tree.isObject()) {
            throw new ProblemException(400, "Invalid request", "The body must be a JSON object", List.of());
        }
        return tree;
    }

    private static Response ok(ObjectNode answer) {
        return Response.ok(answer.toString(), MediaType.APPLICATION_JSON).build();
    }
}

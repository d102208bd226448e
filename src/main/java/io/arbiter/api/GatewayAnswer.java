package io.arbiter.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arbiter.decision.Decision;
import io.arbiter.decision.Outcome;
import io.arbiter.decision.RoutingResult;
import io.arbiter.routing.DecisionService;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;

/**
 * A decision told in response headers, for a gateway that reads only headers (nginx
 * {@code auth_request}, Envoy {@code ext_authz}): ROUTED is 200 with the route in headers and the
 * decision as {@code /v1/decide} answers it in the body; NO_OWNER and AMBIGUOUS are the configured
 * deny status with a problem body carrying the decision id and reasons.
 *
 * <p>The decision's {@code destination} URL is not a header on purpose: a gateway picks its upstream
 * from its own list of known destinations ({@link #DESTINATION}), never from a URL a table wrote.
 */
final class GatewayAnswer {
    static final String OUTCOME = "X-Arbiter-Outcome";
    static final String DECISION_ID = "X-Arbiter-Decision-Id";
    static final String REVISION = "X-Arbiter-Revision";
    static final String OWNER = "X-Arbiter-Owner";
    static final String IMPLEMENTATION = "X-Arbiter-Implementation";
    /** {@code owner/implementation}, or {@code owner} when the route names no implementation: the key a gateway maps to an upstream. */
    static final String DESTINATION = "X-Arbiter-Destination";
    static final String MODE = "X-Arbiter-Mode";
    /** {@code true} on the answer to a command id decided before (the original decision, not a new one). */
    static final String REPLAYED = "X-Arbiter-Replayed";

    private GatewayAnswer() {
    }

    static Response of(DecisionService.Answer answer, int denyStatus) {
        Decision decision = answer.decision();
        RoutingResult result = decision.result();
        Response.ResponseBuilder response;
        if (result.outcome() == Outcome.ROUTED) {
            response = Response.ok(answer.json(), MediaType.APPLICATION_JSON)
                    .header(OWNER, token(result.owner()))
                    .header(DESTINATION, token(destination(result)))
                    .header(MODE, result.mode() == null ? null : result.mode().name());
            if (result.implementation() != null) {
                response.header(IMPLEMENTATION, token(result.implementation()));
            }
        } else {
            response = Response.status(denyStatus).type(Problem.MEDIA_TYPE).entity(denied(decision, denyStatus).toString());
        }
        response.header(OUTCOME, result.outcome().name())
                .header(DECISION_ID, decision.decisionId().toString())
                .header(REVISION, decision.revision());
        if (answer.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    static String destination(RoutingResult result) {
        return result.implementation() == null ? result.owner() : result.owner() + "/" + result.implementation();
    }

    /** RFC 9457, with the decision as extension members so the gateway's client can quote the id. */
    private static ObjectNode denied(Decision decision, int status) {
        RoutingResult result = decision.result();
        boolean ambiguous = result.outcome() == Outcome.AMBIGUOUS;
        ObjectNode problem = JsonNodeFactory.instance.objectNode()
                .put("type", "about:blank")
                .put("title", ambiguous ? "Ambiguous owner" : "No owner")
                .put("status", status)
                .put("detail", (ambiguous ? "The policy names more than one owner for this command"
                        : "The policy names no owner for this command") + " (decision " + decision.decisionId() + ", revision "
                        + decision.revision() + "); the reasons say which tables and rows")
                .put("outcome", result.outcome().name())
                .put("decisionId", decision.decisionId().toString())
                .put("revision", decision.revision());
        result.reasons().forEach(problem.putArray("reasons")::add);
        return problem;
    }

    /**
     * A table's text as a header value: visible ASCII as it is, anything else (spaces, non-ASCII,
     * {@code %}, and {@code "} and {@code \} so a gateway may quote it in a JSON body it writes)
     * percent-encoded as UTF-8, so a header never carries bytes a gateway would mangle.
     */
    static String token(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F && c != '%' && c != '"' && c != '\\') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}

// Routes a command where Arbiter says (njs 0.7, nginx 1.22): POST /v1/decide with the command's
// own body, then an internal redirect to the named location that proxies to the decided upstream.
// What it cannot decide it hands to the named locations of arbiter-errors.conf, so both variants
// answer the same way.

// Arbiter answered but will not decide: the client's fault (400 invalid, 409 reused id, 413, 415,
// 422 unknown revision, 403 another tenant), as in arbiter-routes.conf's $arbiter_on_error.
var REFUSED = [400, 409, 413, 415, 422];

function refusedByCaller(status, body) {
    if (status === 403) {
        return body.indexOf('"title":"Other tenant"') >= 0;
    }
    return REFUSED.indexOf(status) >= 0;
}

function route(r) {
    if (r.method !== 'POST') {
        r.headersOut['Allow'] = 'POST';
        r.headersOut['Content-Type'] = 'application/problem+json';
        r.return(405, JSON.stringify({type: 'about:blank', title: 'Method not allowed', status: 405,
            detail: 'Send a command with POST and its decide envelope as the JSON body'}) + '\n');
        return;
    }
    r.subrequest('/_arbiter/decide', {method: 'POST', body: r.requestText || ''}, function (reply) {
        r.variables.arbiter_status = String(reply.status);
        if (reply.status === 200) {
            decided(r, JSON.parse(reply.responseText));
        } else if (refusedByCaller(reply.status, reply.responseText || '')) {
            // Arbiter's own problem, naming the field: the client can fix the command.
            r.headersOut['Content-Type'] = 'application/problem+json';
            r.return(reply.status, reply.responseText);
        } else if (reply.status === 403) {
            // The gateway's token lacks the decider role: refused as variant (a) refuses it, never failed open.
            r.internalRedirect('@arbiter_denied');
        } else {
            // Unreachable, timed out (502, 504), 5xx, or 401 (the gateway's token is not accepted).
            r.internalRedirect(r.variables.arbiter_unavailable);
        }
    });
}

function decided(r, decision) {
    r.variables.arbiter_outcome = decision.outcome;
    r.variables.arbiter_decision_id = decision.decisionId;
    r.variables.arbiter_revision = String(decision.revision);
    if (decision.outcome !== 'ROUTED') {
        r.internalRedirect('@arbiter_denied');
        return;
    }
    r.variables.arbiter_destination = token(decision.implementation === null
        ? decision.owner : decision.owner + '/' + decision.implementation);
    r.variables.arbiter_mode = decision.mode;
    r.internalRedirect('@arbiter_route');
}

// As the adapter writes X-Arbiter-Destination: visible ASCII but % " \ as it is, the rest percent-encoded UTF-8.
function token(text) {
    return encodeURIComponent(text).replace(/%(2[1-9A-F]|3[A-F]|40|5[B-F]|60|7[B-E])/g, function (m, hex) {
        var c = String.fromCharCode(parseInt(hex, 16));
        return c === '"' || c === '\\' || c === '%' ? m : c;
    });
}

export default {route};

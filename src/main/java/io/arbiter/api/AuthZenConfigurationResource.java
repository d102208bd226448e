package io.arbiter.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AuthZEN 1.0 policy decision point metadata: where this PDP's evaluation endpoints are. Open, like
 * any discovery document: it names addresses, not decisions. The URLs are absolute, built on the
 * base the request came to (behind a proxy, the address the proxy forwards, when
 * {@code quarkus.http.proxy.*} trusts its headers).
 */
@Path("/.well-known/authzen-configuration")
public class AuthZenConfigurationResource {
    @GET
    @PermitAll
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> configuration(@Context UriInfo uri) {
        String base = uri.getBaseUri().toString();
        String pdp = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("policy_decision_point", pdp);
        metadata.put("access_evaluation_endpoint", pdp + "/access/v1/evaluation");
        metadata.put("access_evaluations_endpoint", pdp + "/access/v1/evaluations");
        return metadata;
    }
}

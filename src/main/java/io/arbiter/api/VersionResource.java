package io.arbiter.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@Path("/v1/version")
public class VersionResource {
    @ConfigProperty(name = "quarkus.application.version")
    String version;

    /** What is running. Also the HTTP benchmark's ceiling: the cheapest JSON answer this server gives. */
    @GET
    @PermitAll
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public String version() {
        return "{\"service\":\"arbiter\",\"version\":\"" + version + "\"}";
    }
}

package io.arbiter.api;

import io.arbiter.security.SecurityConfig;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Where the admin UI signs people in. Asked before anyone is signed in, so it needs no token; it
 * holds nothing secret — the client is public and the realm's address is in every token.
 */
@Path("/v1/ui-config")
@Produces(MediaType.APPLICATION_JSON)
public class UiConfigResource {
    private final UiConfigV1 config;

    @Inject
    public UiConfigResource(SecurityConfig security, AdminUiConfig adminUi,
                            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl) {
        this.config = UiConfigV1.of(security.enabled(), adminUi.authServerUrl(), authServerUrl, adminUi.clientId());
    }

    @GET
    @PermitAll
    @NonBlocking
    public UiConfigV1 uiConfig() {
        return config;
    }
}

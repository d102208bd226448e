package io.arbiter.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Refuses to start without an identity provider unless security is explicitly switched off, and
 * then says so loudly: in the log at start and on every health check.
 */
@Liveness
@ApplicationScoped
public class SecurityMode implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(SecurityMode.class);

    @Inject
    SecurityConfig config;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.warn("""

                    ************************************************************************
                    *  SECURITY IS OFF (arbiter.security.enabled=false): every caller has   *
                    *  every role and no identity is checked. For the embedded default and  *
                    *  development only. Configure quarkus.oidc.auth-server-url instead.    *
                    ************************************************************************""");
            return;
        }
        if (identityProvider() == null) {
            throw new IllegalStateException("No identity provider is configured: set quarkus.oidc.auth-server-url"
                    + " (e.g. https://keycloak.example/realms/arbiter), or switch security off explicitly with"
                    + " arbiter.security.enabled=false (open mode: every caller has every role)");
        }
        LOG.infof("Callers are authenticated by %s", identityProvider());
    }

    private static String identityProvider() {
        var config = ConfigProvider.getConfig();
        return config.getOptionalValue("quarkus.oidc.auth-server-url", String.class)
                .or(() -> config.getOptionalValue("quarkus.oidc.public-key", String.class).map(k -> "a configured public key"))
                .orElse(null);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("security").up()
                .withData("mode", config.enabled() ? "oidc" : "OPEN: no authentication, every caller has every role")
                .build();
    }
}

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
 * Says which mode the service runs in: loudly in the log at start and on every health check when
 * security is switched off. (Refusing to start without an identity provider is Quarkus's own: the
 * OIDC tenant is enabled exactly when security is, see application.properties.)
 */
@Liveness
@ApplicationScoped
public class SecurityMode implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(SecurityMode.class);

    private final SecurityConfig config;

    @Inject
    public SecurityMode(SecurityConfig config) {
        this.config = config;
    }

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
        LOG.infof("Callers are authenticated by %s; roles are read from the token claim %s only", ConfigProvider.getConfig()
                .getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse("a configured public key"),
                config.roleClaimPath());
        String effective = ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.roles.role-claim-path", String.class).orElse(null);
        if (!config.roleClaimPath().equals(effective)) {
            // Someone set Quarkus's key directly: it is what OIDC applies, whatever arbiter.security says.
            LOG.warnf("quarkus.oidc.roles.role-claim-path is %s, not arbiter.security.role-claim-path (%s): roles come from %s",
                    effective, config.roleClaimPath(), effective == null ? "Quarkus's defaults (groups, realm and client roles)" : effective);
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("security").up()
                .withData("mode", config.enabled() ? "oidc" : "OPEN: no authentication, every caller has every role")
                .build();
    }
}

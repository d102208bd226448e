package io.arbiter.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every decision can be recorded durably — in PostgreSQL, or in the journal while
 * PostgreSQL is away (then {@code mode} is {@code journal} and {@code journalBacklog} counts
 * what waits to be drained). Down when neither can be written: decide answers 503 then.
 *
 * <p>Degraded is data, not DOWN: {@code degraded}, and while it is true {@code degradedReason} and
 * {@code degradedSince} ({@link Degradation} says when). Readiness decides whether a load balancer
 * sends this replica traffic; a database outage journals on every replica at once, and a
 * quarantined record concerns one request — DOWN would take every replica out of rotation
 * although each one still records every decision durably. Alert on {@code arbiter_audit_degraded}
 * (or this data) instead.
 */
@Readiness
@ApplicationScoped
public class AuditHealthCheck implements HealthCheck {
    private final AuditWriter writer;
    private final Degradation degradation;

    @Inject
    public AuditHealthCheck(AuditWriter writer, Degradation degradation) {
        this.writer = writer;
        this.degradation = degradation;
    }

    @Override
    public HealthCheckResponse call() {
        boolean journaling = writer.journaling();
        Degradation.Status status = degradation.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("audit log")
                .status(!(journaling && writer.journalBroken()))
                .withData("mode", journaling ? "journal" : "database")
                .withData("journalBacklog", writer.journalBacklog())
                .withData("degraded", status.degraded());
        if (status.degraded()) {
            response.withData("degradedReason", status.reason()).withData("degradedSince", status.since().toString());
        }
        return response.build();
    }
}

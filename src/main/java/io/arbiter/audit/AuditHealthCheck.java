package io.arbiter.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every decision can be recorded durably — in PostgreSQL, or in the journal while
 * PostgreSQL is away (then {@code mode} is {@code journal} and {@code journalBacklog} counts
 * what waits to be drained). Down when neither can be written: decide answers 503 then.
 */
@Readiness
@ApplicationScoped
public class AuditHealthCheck implements HealthCheck {
    @Inject
    AuditWriter writer;

    @Override
    public HealthCheckResponse call() {
        boolean journaling = writer.journaling();
        return HealthCheckResponse.named("audit log")
                .status(!(journaling && writer.journalBroken()))
                .withData("mode", journaling ? "journal" : "database")
                .withData("journalBacklog", writer.journalBacklog())
                .build();
    }
}

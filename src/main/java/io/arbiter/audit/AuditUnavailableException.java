package io.arbiter.audit;

/** A decision could not be recorded durably, so it must not be returned (decide fails closed with 503). */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message) {
        super(message);
    }
}

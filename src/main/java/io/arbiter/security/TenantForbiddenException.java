package io.arbiter.security;

/** A tenant-bound caller reached for another tenant's data (403). {@code field} names the request part. */
public class TenantForbiddenException extends RuntimeException {
    private final String field;

    public TenantForbiddenException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

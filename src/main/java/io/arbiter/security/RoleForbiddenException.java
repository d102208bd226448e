package io.arbiter.security;

/** The caller's roles do not allow this particular act (403): an analyst uploading DRL, an approver releasing their own revision. */
public class RoleForbiddenException extends RuntimeException {
    private final String field;

    public RoleForbiddenException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

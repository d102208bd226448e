package io.arbiter.release;

/** Activation refused by the release gate: the message says what is missing and how to provide it. */
public class ReleaseGateException extends RuntimeException {
    private final String field;

    public ReleaseGateException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The part of the activation request that would satisfy the gate. */
    public String field() {
        return field;
    }
}

package io.arbiter.decision;

/** An observation that does not fit its signal's declaration; {@link #field()} names the part at fault. */
public class SignalRejectedException extends RuntimeException {
    private final String field;

    public SignalRejectedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

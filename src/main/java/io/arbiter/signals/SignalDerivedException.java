package io.arbiter.signals;

/** A push to a latch: its values are derived from its source signal's, which is the one to push. */
public class SignalDerivedException extends RuntimeException {
    private final String of;

    public SignalDerivedException(SignalLatch latch) {
        super("Signal '" + latch.name() + "' is derived from " + latch.of() + " (hysteresis: true above " + latch.onAbove().toPlainString()
                + ", false below " + latch.offBelow().toPlainString() + ", dwell " + latch.dwell() + "); push " + latch.of()
                + " instead, if it takes pushes");
        this.of = latch.of();
    }

    /** The signal it is derived from. */
    public String of() {
        return of;
    }
}

package io.arbiter.signals;

/** A push to a signal whose values are polled from elsewhere: a signal has one source. */
public class SignalPolledException extends RuntimeException {
    private final String source;

    public SignalPolledException(String name, String source, String what) {
        super("Signal '" + name + "' is polled from " + source + " (" + what + "); only a signal declared without a source takes pushes");
        this.source = source;
    }

    /** Where the signal's values come from ({@code kafka}, {@code http}). */
    public String source() {
        return source;
    }
}

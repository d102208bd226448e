package io.arbiter.routing;

/** A decision asked of a revision that cannot give it: none by that number, or one that does not compile. */
public class PinnedRevisionException extends RuntimeException {
    private final int revision;

    public PinnedRevisionException(int revision, String message) {
        super(message);
        this.revision = revision;
    }

    public int revision() {
        return revision;
    }
}

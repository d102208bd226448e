package io.arbiter.signals;

import java.time.Duration;
import java.time.Instant;

/**
 * One polled signal's source, read once per {@link #read}. Scheduling, the snapshot, the metrics
 * and the failure log are {@link SignalPollers}' — a poller only knows how to ask its source.
 */
interface SignalPoller extends AutoCloseable {

    /** The signal's name. */
    String signal();

    /** The {@code source} its observations carry ({@link SignalSources#KAFKA}, {@link SignalSources#HTTP}). */
    String source();

    /** How long between the end of one read and the start of the next. */
    Duration interval();

    /**
     * What the source says now. Throws when it could not be read: nothing is recorded, and the
     * value goes stale by its contract.
     */
    Reading read() throws Exception;

    /** Releases the connections; quietly, as the service stops. */
    @Override
    void close();

    /**
     * A value and when it was read. {@code failure} says why the source did not answer properly
     * when the value stands for that (an HTTP check that timed out is DOWN).
     */
    record Reading(Object value, Instant observedAt, String failure) {
    }
}

package io.arbiter.simulation;

/** A simulation stopped on request before the end of its history. */
public class SimulationCancelledException extends RuntimeException {
    public SimulationCancelledException(long replayed) {
        super("Cancelled after " + replayed + " records");
    }
}

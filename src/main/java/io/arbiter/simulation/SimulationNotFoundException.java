package io.arbiter.simulation;

/** No stored simulation has this id. */
public class SimulationNotFoundException extends RuntimeException {
    public SimulationNotFoundException(String message) {
        super(message);
    }
}

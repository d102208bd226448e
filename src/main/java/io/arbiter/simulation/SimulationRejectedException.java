package io.arbiter.simulation;

/** A simulation request that cannot be accepted: {@code field} names the part of the request at fault. */
public class SimulationRejectedException extends RuntimeException {
    private final String field;
    private final int status;

    public SimulationRejectedException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** 422 for a request naming something that does not exist, 409 for a state conflict, 429 when the queue is full. */
    public int status() {
        return status;
    }
}

package io.arbiter.decision;

/** How the command travels to its owner (the seeds' routing strategies). */
public enum Mode {
    /** Synchronously to the aggregate's own service. */
    DIRECT,
    /** To a process manager / saga that coordinates the owners. */
    ORCHESTRATED,
    /** Through a topic; the owner consumes it. */
    ASYNC
}

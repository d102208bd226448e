package io.arbiter.decision;

/** What a signal's value is: a number (lag, latency), a yes/no (health), or one of its declared levels. */
public enum SignalType {
    NUMBER,
    BOOLEAN,
    LEVEL
}

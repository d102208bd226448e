package io.arbiter.database;

/** The database could not be read or written; the operation had no effect. */
public class StoreException extends RuntimeException {
    public StoreException(Throwable cause) {
        super("The database is unavailable: " + cause.getMessage(), cause);
    }
}

package io.arbiter.routing;

import java.util.List;

/** A command id reused with a different envelope: a caller bug that retrying cannot fix. */
public class CommandConflictException extends RuntimeException {
    private final List<String> fields;

    public CommandConflictException(String commandId, List<String> fields) {
        super("Command " + commandId + " was already decided with a different envelope; differing fields: "
                + String.join(", ", fields));
        this.fields = List.copyOf(fields);
    }

    public List<String> fields() {
        return fields;
    }
}

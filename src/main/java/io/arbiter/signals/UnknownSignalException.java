package io.arbiter.signals;

import java.util.Collection;

/** A signal nobody declared: tables cannot test it and nobody may push it. */
public class UnknownSignalException extends RuntimeException {
    public UnknownSignalException(String name, Collection<String> declared) {
        super("No signal named '" + name + "' is declared" + (declared.isEmpty() ? " (none are: declare them as arbiter.signals.declared.\"<name>\".*)"
                : "; declared: " + String.join(", ", declared.stream().sorted().toList())));
    }
}

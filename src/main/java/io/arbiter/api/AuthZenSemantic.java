package io.arbiter.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a batch of AuthZEN evaluations runs ({@code options.evaluations_semantic}): all of them, or up to a deciding one. */
enum AuthZenSemantic {
    EXECUTE_ALL,
    /** Stop after the first {@code decision: false}: the results up to and including it are answered. */
    DENY_ON_FIRST_DENY,
    /** Stop after the first {@code decision: true}: the results up to and including it are answered. */
    PERMIT_ON_FIRST_PERMIT;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether an evaluation that answered {@code decision} ends the batch. */
    boolean stopsAfter(boolean decision) {
        return this == DENY_ON_FIRST_DENY ? !decision : this == PERMIT_ON_FIRST_PERMIT && decision;
    }

    /** The semantic named on the wire; absent: {@link #EXECUTE_ALL}; another name is a 400. */
    static AuthZenSemantic of(String wire) {
        if (wire == null) {
            return EXECUTE_ALL;
        }
        for (AuthZenSemantic s : values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        throw ProblemException.badField("options.evaluations_semantic", "must be one of "
                + Arrays.stream(values()).map(AuthZenSemantic::wireName).collect(Collectors.joining(", ")));
    }
}

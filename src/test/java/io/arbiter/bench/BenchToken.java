package io.arbiter.bench;

import io.arbiter.api.Tokens;

/**
 * Prints a token signed with the test key for the HTTP benchmarks (decide is measured authenticated):
 * a decider's, or one of the role given ({@code signal-writer} pushes the signals a run decides on).
 */
public final class BenchToken {
    private BenchToken() {
    }

    public static void main(String[] args) {
        String role = args.length > 0 ? args[0] : "decider";
        System.out.println(Tokens.token("bench-" + role, null, role));
    }
}

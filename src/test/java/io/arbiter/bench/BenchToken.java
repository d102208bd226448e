package io.arbiter.bench;

import io.arbiter.api.Tokens;

/** Prints a decider token signed with the test key, for the HTTP benchmark (decide is measured authenticated). */
public final class BenchToken {
    private BenchToken() {
    }

    public static void main(String[] args) {
        System.out.println(Tokens.token("bench-gateway", null, "decider"));
    }
}

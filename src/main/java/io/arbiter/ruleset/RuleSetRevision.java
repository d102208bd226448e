package io.arbiter.ruleset;

import java.time.Instant;
import java.util.List;

/** A stored revision: immutable content plus its lifecycle state. */
public record RuleSetRevision(
        int revision,
        Status status,
        String sha256,
        int ruleCount,
        Integer baseRevision,
        String note,
        Instant createdAt,
        Instant activatedAt,
        List<FileInfo> files) {

    public enum Status { DRAFT, ACTIVE, RETIRED }

    public record FileInfo(String name, String sha256, int size) {
    }
}

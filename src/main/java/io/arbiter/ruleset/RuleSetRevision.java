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
        String createdBy,
        Instant createdAt,
        Instant activatedAt,
        List<FileInfo> files) {

    /**
     * DRAFT: uploaded and compiled. SIMULATED: replayed over enough recent decisions to pass the
     * release gate. ACTIVE: deciding now (exactly one). RETIRED: deciding before; may be re-activated (rollback).
     */
    public enum Status { DRAFT, SIMULATED, ACTIVE, RETIRED }

    public record FileInfo(String name, String sha256, int size) {
    }
}

package io.arbiter.ruleset;

import java.time.Instant;
import java.util.List;

/**
 * A stored revision: immutable content plus its lifecycle state. {@code createdBy} is its author's
 * name, {@code createdBySubject} the author's stable identity-provider subject ({@code sub}) — what
 * four-eyes compares; null for the bundled set, in open mode, and for revisions stored before it was kept.
 */
public record RuleSetRevision(
        int revision,
        Status status,
        String sha256,
        int ruleCount,
        Integer baseRevision,
        String note,
        String createdBy,
        String createdBySubject,
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

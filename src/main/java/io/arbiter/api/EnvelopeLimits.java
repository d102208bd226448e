package io.arbiter.api;

/**
 * How long each field of a decide envelope may be, in characters (Unicode code points). Fixed, not
 * settings: {@code commandId}, {@code correlationId} and {@code businessKey} are indexed, and
 * PostgreSQL refuses a b-tree entry over 2704 bytes — 256 characters are at most 1024 bytes of
 * UTF-8, so no accepted command can fail to be recorded. The others bound what one command can make
 * the audit log keep, field by field, where the 64 KiB body bounds only the sum.
 */
final class EnvelopeLimits {
    /** {@code commandId}, {@code correlationId}, {@code causationId}, {@code businessKey}. */
    static final int IDENTIFIER = 256;
    /** {@code type}, {@code tenant}, {@code market}, {@code channel}, {@code product}, {@code customerTier}, {@code cohort}. */
    static final int DIMENSION = 128;
    /** Entries of {@code attributes}. */
    static final int ATTRIBUTES = 64;
    /** An attribute's name. */
    static final int ATTRIBUTE_NAME = 128;
    /** An attribute's value. */
    static final int ATTRIBUTE_VALUE = 1024;

    private EnvelopeLimits() {
    }
}

package io.arbiter.api;

import io.arbiter.decision.FactModel;

/**
 * How long the parts of a decide envelope that the {@link FactModel} does not limit may be, in
 * characters (Unicode code points). Each fact-model field declares its own length there. Fixed, not
 * settings: {@code correlationId} is indexed like the fact model's identifiers (see
 * {@link FactModel#IDENTIFIER_LENGTH}), and the attribute limits bound what one command can make the
 * audit log keep, entry by entry, where the 64 KiB body bounds only the sum.
 */
final class EnvelopeLimits {
    /** {@code correlationId}, {@code causationId}: identifiers, like {@code commandId} and {@code businessKey}. */
    static final int IDENTIFIER = FactModel.IDENTIFIER_LENGTH;
    /** Entries of {@code attributes}. */
    static final int ATTRIBUTES = 64;
    /** An attribute's name. */
    static final int ATTRIBUTE_NAME = 128;
    /** An attribute's value. */
    static final int ATTRIBUTE_VALUE = 1024;

    private EnvelopeLimits() {
    }
}

package io.arbiter.decision;

import java.util.Map;

/**
 * The fact-model fields a caller sends, read by name from the decide request and from the
 * envelope alike. {@link FactModel} refers to these accessors, so a field declared there must
 * exist here, and then the compiler holds the wire record and {@link CommandEnvelope} to it.
 */
public interface CommandFields {
    String commandId();

    String type();

    String businessKey();

    String tenant();

    String market();

    String channel();

    String product();

    String customerTier();

    String cohort();

    Map<String, String> attributes();
}

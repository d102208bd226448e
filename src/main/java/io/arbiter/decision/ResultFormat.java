package io.arbiter.decision;

/** How a caller will see a decision; the audit log records exactly that text. */
@FunctionalInterface
public interface ResultFormat {
    String render(Decision decision);
}

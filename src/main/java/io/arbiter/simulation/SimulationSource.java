package io.arbiter.simulation;

import io.arbiter.audit.AuditQuery;

import java.nio.file.Path;

/** What a stored simulation replays. */
public sealed interface SimulationSource {

    /**
     * A window of the audit log: the query's filters and time range, optionally only the
     * {@code last} N matching decisions. Resolved when the simulation is accepted.
     */
    record AuditWindow(AuditQuery query, Integer last) implements SimulationSource {
    }

    /** An uploaded history in the audit export format (or bare envelopes), already copied to {@code file}. */
    record Upload(Path file, String fileName, long bytes) implements SimulationSource {
    }
}

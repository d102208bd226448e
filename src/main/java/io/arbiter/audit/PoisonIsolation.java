package io.arbiter.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Commits a batch in order while isolating the records PostgreSQL refuses — defence in depth:
 * decide's request boundary should already stop such values.
 *
 * <p>A batch is one transaction, so one record PostgreSQL cannot take (a NUL in a text column,
 * a command id longer than a btree index row) fails all of it. Journaling it then would be wrong:
 * the journal is for "PostgreSQL is unreachable", it is drained by appending the same batch again,
 * and the same record would be refused again, for ever. So a failure is first classified:
 *
 * <ul>
 * <li><b>Refused</b> — SQLState class {@code 22} (data exception: {@code 22021} invalid byte
 * sequence, {@code 22P05} untranslatable character, {@code 22001} too long, {@code 22008} date out
 * of range, …), class {@code 54} (program limit exceeded: {@code 54000} index row too large), or
 * class {@code 23} (integrity constraint) other than {@code 23505} and {@code 23514}, which the
 * writer retries (a racing writer, a missing partition) — <em>and</em> the connection still
 * answers. These are about the values sent, not about the server.</li>
 * <li><b>Anything else</b> ({@code 08} connection, {@code 53} out of resources, {@code 57} shut
 * down, {@code 40} rollback, {@code 42} schema or privilege, {@code XX} internal, I/O errors,
 * retries exhausted, or a dead connection) is "PostgreSQL cannot take anything now": it is thrown,
 * and the writer journals as before.</li>
 * </ul>
 *
 * <p>The SQLState alone is a guess; the batch is the probe. A refused batch is split in halves,
 * recursively, each half committed (or split) in order, so every good record is committed in its
 * order and chained, and a record is declared poison only when PostgreSQL refuses it <em>alone</em>
 * on a live connection. A batch of n records with k poison ones costs about 2·k·log2(n) more
 * round trips, and only when something was refused.
 */
final class PoisonIsolation {
    private PoisonIsolation() {
    }

    /** Appends some records in one transaction; throws what PostgreSQL said. */
    @FunctionalInterface
    interface Append<T> {
        void append(List<T> part) throws SQLException;
    }

    /** Keeps a record PostgreSQL refused on its own; throws if it cannot be kept. */
    @FunctionalInterface
    interface Quarantine<T> {
        void quarantine(T record, SQLException refusal) throws SQLException;
    }

    static <T> void commit(Connection c, List<T> records, Append<T> append, Quarantine<T> quarantine) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try {
            append.append(records);
        } catch (SQLException e) {
            if (!refusesData(e) || !c.isValid(2)) {
                throw e;
            }
            if (records.size() == 1) {
                quarantine.quarantine(records.get(0), e);
                return;
            }
            int half = records.size() / 2;
            commit(c, records.subList(0, half), append, quarantine);
            commit(c, records.subList(half, records.size()), append, quarantine);
        }
    }

    /** The SQLState says PostgreSQL refused the values sent (see the class comment for the rule). */
    static boolean refusesData(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() != 5) {
            return false;
        }
        String type = state.substring(0, 2);
        return type.equals("22") || type.equals("54") || (type.equals("23") && !state.equals("23505") && !state.equals("23514"));
    }
}

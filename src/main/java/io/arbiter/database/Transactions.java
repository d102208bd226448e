package io.arbiter.database;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Where a service begins and ends a unit of work on the entity stores.
 *
 * <p>Services own transactions; stores have none of their own (they require the caller's). The
 * boundary is drawn in code rather than with {@code @Transactional} on whole methods because most
 * service methods here must commit <em>between</em> steps: compile and warm a revision, then commit
 * its activation, then swap; replay a history, then commit its report. A transaction held across
 * Drools compilation or a replay would pin a pooled connection (and the locks it took) for seconds.
 *
 * <p>A failure of the database — any SQL error, a connection that cannot be had, a commit that
 * does not complete — leaves as {@link StoreException} (503 at the HTTP boundary, a warning in the
 * background jobs), exactly as the JDBC stores reported it; anything else is rethrown unchanged.
 */
public final class Transactions {
    private Transactions() {
    }

    /**
     * Runs {@code work} in the caller's transaction if there is one, otherwise in a transaction of
     * its own, committed before this returns (rolled back if {@code work} throws).
     */
    public static <T> T call(Supplier<T> work) {
        try {
            return QuarkusTransaction.joiningExisting().call(work::get);
        } catch (StoreException e) {
            throw e;
        } catch (QuarkusTransactionException e) {
            // Beginning or committing failed: whatever the cause, the work did not take effect.
            throw new StoreException(e);
        } catch (RuntimeException e) {
            if (fromTheDatabase(e)) {
                throw new StoreException(e);
            }
            throw e;
        }
    }

    /** {@link #call} for work with no result. */
    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Hibernate reports SQL failures as its own exceptions with the driver's {@link SQLException} as the cause. */
    private static boolean fromTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }
}

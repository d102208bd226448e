package io.arbiter.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Row counts, for tests asserting that a refused request stored nothing. */
public final class Rows {
    private Rows() {
    }

    /** The rows in {@code table} (a name from the test, never from input). */
    public static long count(DataSource dataSource, String table) {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

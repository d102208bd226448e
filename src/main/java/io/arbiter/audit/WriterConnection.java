package io.arbiter.audit;

import org.eclipse.microprofile.config.Config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The audit writer's own connection to PostgreSQL: one, outside the Agroal pool, opened when
 * needed and closed outright when it failed. Used by the writer's thread only.
 *
 * <p>Why not the pool: decide waits on the writer, so the writer must never wait on readers — an
 * export, verify or simulation can hold every pooled connection, and the commit would queue behind
 * them. Why not a second, named Agroal datasource of size one, which would keep readers out too:
 * the writer needs to <em>discard</em> a connection that failed (a pooled one is only returned,
 * and found dead by validation on the next borrow — one more round trip per batch — or not at
 * all, if the writer keeps it borrowed, and then the pool does nothing); and its URL and
 * credentials would be configured twice, at build time, where the embedded default supplies only
 * the default datasource's URL at run time. One connection reused for ever needs none of a pool's
 * work; {@code AuditFaultIT} holds it to the behaviour under outages.
 *
 * <p>Its settings say how an outage is noticed: {@code connectTimeout} 2 s (reconnecting while
 * journaling must not stall the writer), {@code socketTimeout} 30 s (a server that stops answering
 * mid-commit fails the batch, which is journaled, instead of hanging decide), TCP keepalive (a
 * dead peer on an idle connection is found), the application name {@code arbiter-audit-writer}
 * (operators and tests find its backend in {@code pg_stat_activity}), and autocommit: each
 * {@code audit_append} call is its own transaction.
 */
final class WriterConnection {
    static final String APPLICATION_NAME = "arbiter-audit-writer";

    private final Config config;
    private Connection connection;

    WriterConnection(Config config) {
        this.config = config;
    }

    /** The open connection, opened first if there is none (or it was closed). */
    Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = open();
        }
        return connection;
    }

    /** Closes the connection after a failure (or at shutdown); the next {@link #get} opens a new one. */
    void discard() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being discarded because it failed
            }
            connection = null;
        }
    }

    /** Read when connecting, as the pool does: the embedded default supplies the URL at run time. */
    private Connection open() throws SQLException {
        Properties props = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> props.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "30");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", APPLICATION_NAME);
        Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), props);
        c.setAutoCommit(true);
        return c;
    }
}

package dev.tributary.jdbc.commit;

import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The committer's one connection and its applier, opened on first use and thrown away after a
 * connection failure so that the next attempt opens a fresh one. Not thread-safe.
 */
final class Connections implements AutoCloseable {
    private final JdbcSinkConfig config;
    private final Dialect dialect;
    private Connection connection;
    private BatchApplier applier;

    Connections(JdbcSinkConfig config, Dialect dialect) {
        this.config = config;
        this.dialect = dialect;
    }

    Connection connection() throws SQLException {
        if (connection == null) {
            connection = dialect.connect(config.url(), config.driverProperties());
            applier = dialect.applier(connection);
        }
        return connection;
    }

    BatchApplier applier() throws SQLException {
        connection();
        return applier;
    }

    /** Closes the connection quietly; the next call opens a new one. */
    void discard() {
        if (applier != null) {
            applier.close();
            applier = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is already broken; nothing more to release.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discard();
    }
}

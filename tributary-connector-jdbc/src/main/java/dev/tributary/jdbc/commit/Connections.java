package dev.tributary.jdbc.commit;

import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One connection for applying batches and its applier, opened on first use and thrown away after a
 * connection failure so that the next attempt opens a fresh one. Not thread-safe, except {@link
 * #abort()}.
 */
final class Connections implements AutoCloseable {
    private final JdbcSinkConfig config;
    private final Dialect dialect;

    /** Volatile for {@link #abort()} from another thread. */
    private volatile Connection connection;

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

    /**
     * Rolls back the transaction of the open connection, if any, and tells its applier. Never
     * throws: a broken connection has no transaction left.
     */
    void rollbackQuietly() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is gone, and its transaction with it.
        }
        applier.transactionEnded(false);
    }

    /**
     * Ends the connection at once, from any thread, also while another thread uses it: the database
     * rolls back its transaction and releases its locks. Never throws.
     */
    void abort() {
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // Closed already.
            }
        }
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

package dev.tributary.postgres.cdc;

import io.debezium.DebeziumException;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.jdbc.JdbcConfiguration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.PgConnection;
import org.postgresql.jdbc.TimestampUtils;

/**
 * The Debezium connection a split is read with (see {@link SplitFetchTaskContext}): Flink CDC's own
 * connection for the split, whose session it shares, with result sets that read {@code time},
 * {@code timetz} and {@code money} exactly ({@link ExactValuesJdbc}). Flink CDC 3.5 reads snapshot
 * chunks with {@code ResultSet.getObject}, which pgjdbc answers for those types with whole
 * milliseconds and a double.
 *
 * <p>The session is set to {@code lc_monetary = 'C'}, the money text {@link MoneyText} reads.
 * Nothing else changes: the same session, settings and transactions as Flink CDC's connection.
 */
final class ExactReadConnection extends PostgresConnection {
    /** The last session handed out, and its exact-reading proxy; no initializers (see below). */
    private Connection session;

    private Connection exact;

    /**
     * @param owner Flink CDC's connection for the split; its session is shared, and closing either
     *     closes it
     */
    ExactReadConnection(
            PostgresConnection owner,
            JdbcConfiguration config,
            PostgresValueConverterBuilder values) {
        super(config, values, "postgres-cdc-connector", ignored -> sharedSession(owner));
    }

    private static Connection sharedSession(PostgresConnection owner) throws SQLException {
        Connection c = owner.connection();
        try (Statement s = c.createStatement()) {
            s.execute("SET lc_monetary = 'C'");
        }
        return c;
    }

    @Override
    public synchronized Connection connection() throws SQLException {
        Connection c = super.connection();
        if (!(c instanceof BaseConnection)) {
            return c;
        }
        // Called by the super constructor already, before field initializers would run: the
        // fields have none, so what is set here stays.
        if (c != session) {
            exact = ExactValuesJdbc.connection((BaseConnection) c);
            session = c;
        }
        return exact;
    }

    /** Debezium's cast to pgjdbc's class, on the session itself rather than on the proxy. */
    @Override
    @SuppressWarnings("deprecation") // Debezium 1.9 asks for it; pgjdbc still provides it
    public TimestampUtils getTimestampUtils() {
        try {
            return super.connection().unwrap(PgConnection.class).getTimestampUtils();
        } catch (SQLException e) {
            throw new DebeziumException("Could not get timestamp utils from database", e);
        }
    }
}

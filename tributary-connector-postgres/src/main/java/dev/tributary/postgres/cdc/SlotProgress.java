package dev.tributary.postgres.cdc;

import dev.tributary.api.error.RetriableException;
import dev.tributary.api.error.TributaryException;
import dev.tributary.api.spi.Progress;
import dev.tributary.api.spi.ProgressProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Follows a postgres-cdc source through the WAL: the mark is the server's current WAL position
 * ({@code pg_current_wal_lsn()}), and the source has passed it once its replication slot's {@code
 * confirmed_flush_lsn} is at or beyond it. Flink CDC confirms the slot when a checkpoint completes,
 * so by then the pipeline has committed every change up to the mark; while the captured tables are
 * idle, heartbeats move the slot past WAL written by anything else.
 *
 * <p>Not thread-safe; one connection, opened on first use.
 */
final class SlotProgress implements ProgressProbe {
    static final String UNIT = "bytes of WAL";

    private static final String MARK = "SELECT pg_current_wal_lsn()::text";
    private static final String PROGRESS =
            "SELECT pg_wal_lsn_diff(?::pg_lsn, confirmed_flush_lsn)::bigint,"
                    + " confirmed_flush_lsn::text, active"
                    + " FROM pg_replication_slots WHERE slot_name = ?";

    private final String url;
    private final Properties properties;
    private final String slot;
    private Connection connection;
    private String mark;

    /**
     * @param url the JDBC URL of the captured database
     * @param properties driver properties with the user and password; not logged
     * @param slot the source's replication slot
     */
    SlotProgress(String url, Properties properties, String slot) {
        this.url = url;
        this.properties = properties;
        this.slot = slot;
    }

    @Override
    public String description() {
        return "replication slot " + slot;
    }

    @Override
    public String mark() {
        try (Statement s = connection().createStatement();
                ResultSet rs = s.executeQuery(MARK)) {
            rs.next();
            mark = rs.getString(1);
            return mark;
        } catch (SQLException e) {
            throw failure("cannot read the current WAL position", e);
        }
    }

    @Override
    public Progress progress() {
        if (mark == null) {
            throw new IllegalStateException("mark() first");
        }
        try (PreparedStatement s = connection().prepareStatement(PROGRESS)) {
            s.setString(1, mark);
            s.setString(2, slot);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new Progress(
                            false,
                            -1,
                            UNIT,
                            "no replication slot "
                                    + slot
                                    + " on the source: the pipeline has not started yet");
                }
                long behind = rs.getLong(1);
                boolean unknown = rs.wasNull();
                String confirmed = rs.getString(2);
                String state =
                        rs.getBoolean(3) ? "active" : "inactive: no pipeline reads the slot now";
                if (unknown) {
                    return new Progress(
                            false, -1, UNIT, "slot " + slot + " confirmed nothing yet, " + state);
                }
                String detail = "slot confirmed " + confirmed + ", " + state;
                return behind <= 0
                        ? new Progress(true, 0, UNIT, detail)
                        : new Progress(false, behind, UNIT, detail);
            }
        } catch (SQLException e) {
            throw failure("cannot read replication slot " + slot, e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Properties p = new Properties();
            p.putAll(properties);
            p.setProperty("ApplicationName", "tributary-verify");
            connection = DriverManager.getConnection(url, p);
        }
        return connection;
    }

    private TributaryException failure(String what, SQLException e) {
        String message =
                what
                        + " at "
                        + url
                        + ": "
                        + e.getMessage()
                        + " (SQL state "
                        + e.getSQLState()
                        + ")";
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            close();
            return new RetriableException(message, e);
        }
        return new TributaryException(message, e);
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a read-only session; nothing to keep.
            }
            connection = null;
        }
    }
}

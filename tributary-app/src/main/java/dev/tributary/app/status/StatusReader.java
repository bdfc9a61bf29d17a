package dev.tributary.app.status;

import dev.tributary.api.event.TableId;
import dev.tributary.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JDBC sink's status table and adds up the subtasks' rows per pipeline and table: counts
 * are summed; the phase is {@code snapshot} while any subtask is still snapshotting; position,
 * source time and lag are the most recently updated subtask's.
 */
public final class StatusReader {
    private final Dialect dialect;
    private final TableId statusTable;

    public StatusReader(Dialect dialect, TableId statusTable) {
        this.dialect = dialect;
        this.statusTable = statusTable;
    }

    /**
     * The status of every table of {@code pipeline}, or of every pipeline when null; empty when the
     * status table does not exist yet.
     */
    public List<TableStatus> read(Connection connection, String pipeline) throws SQLException {
        if (dialect.readTable(connection, statusTable).isEmpty()) {
            return List.of();
        }
        String sql =
                "SELECT pipeline, table_name, phase, snapshot_rows, events_applied, errors,"
                        + " last_stream, last_partition, last_offset, last_source_ts, lag_ms,"
                        + " last_error, updated_at FROM "
                        + dialect.tableName(statusTable)
                        + (pipeline == null ? "" : " WHERE pipeline = ?")
                        + " ORDER BY pipeline, table_name, updated_at";
        Map<String, TableStatus> byTable = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (pipeline != null) {
                ps.setString(1, pipeline);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableStatus row = row(rs);
                    byTable.merge(row.pipeline() + '\u0000' + row.table(), row, StatusReader::add);
                }
            }
        }
        return new ArrayList<>(byTable.values());
    }

    private static TableStatus row(ResultSet rs) throws SQLException {
        String stream = rs.getString("last_stream");
        String position =
                stream == null
                        ? null
                        : stream
                                + "-"
                                + rs.getInt("last_partition")
                                + "@"
                                + rs.getLong("last_offset");
        long lag = rs.getLong("lag_ms");
        Long lagMillis = rs.wasNull() ? null : lag;
        return new TableStatus(
                rs.getString("pipeline"),
                rs.getString("table_name"),
                rs.getString("phase"),
                rs.getLong("snapshot_rows"),
                rs.getLong("events_applied"),
                rs.getLong("errors"),
                position,
                instant(rs.getTimestamp("last_source_ts")),
                lagMillis,
                rs.getString("last_error"),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Adds {@code later} (updated at or after {@code earlier}) to {@code earlier}. */
    private static TableStatus add(TableStatus earlier, TableStatus later) {
        boolean snapshotting =
                "snapshot".equals(earlier.phase()) || "snapshot".equals(later.phase());
        return new TableStatus(
                later.pipeline(),
                later.table(),
                snapshotting ? "snapshot" : later.phase(),
                earlier.snapshotRows() + later.snapshotRows(),
                earlier.eventsApplied() + later.eventsApplied(),
                earlier.errors() + later.errors(),
                later.lastPosition(),
                later.lastSourceTime(),
                later.lagMillis(),
                later.lastError() != null ? later.lastError() : earlier.lastError(),
                later.updatedAt());
    }
}

package dev.tributary.jdbc.commit;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.writer.TableBatch;
import dev.tributary.jdbc.writer.TableProgress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The table that shows how far a pipeline got: one row per (pipeline, target table, subtask) with
 * the phase, the rows snapshotted, the events applied, the last source position and commit time,
 * the lag, and the errors. Rows are written in the same transaction as the batch they describe, so
 * the status never claims more than the target holds. One row per subtask, not per table, so that
 * parallel writers never wait for each other's row lock; {@code tributary status} adds them up. A
 * batch costs one UPDATE per table (and an INSERT the first time). Not thread-safe: used by one
 * committer's apply at a time.
 */
public final class StatusTable {
    /** Phase of a table whose last applied event was a row read by a snapshot. */
    public static final String SNAPSHOT = "snapshot";

    /** Phase of a table whose last applied event was a change from the log or topic. */
    public static final String STREAMING = "streaming";

    /** Phase of the error table's row: its events are the error rows written. */
    public static final String ERRORS = "errors";

    /** Longest stored error message; longer ones are cut. */
    static final int MESSAGE_LIMIT = 2000;

    /** Its columns, as created. */
    public static final List<ColumnDefinition> COLUMNS =
            List.of(
                    column("pipeline", DataType.sized(TypeKind.STRING, 255), false),
                    column("table_name", DataType.sized(TypeKind.STRING, 512), false),
                    column("subtask", DataType.of(TypeKind.INT32), false),
                    column("phase", DataType.sized(TypeKind.STRING, 32), false),
                    column("snapshot_rows", DataType.of(TypeKind.INT64), false),
                    column("events_applied", DataType.of(TypeKind.INT64), false),
                    column("errors", DataType.of(TypeKind.INT64), false),
                    column("last_stream", DataType.sized(TypeKind.STRING, 255), true),
                    column("last_partition", DataType.of(TypeKind.INT32), true),
                    column("last_offset", DataType.of(TypeKind.INT64), true),
                    column("last_source_ts", DataType.of(TypeKind.TIMESTAMP_TZ), true),
                    column("lag_ms", DataType.of(TypeKind.INT64), true),
                    column("last_error", DataType.sized(TypeKind.STRING, MESSAGE_LIMIT), true),
                    column("last_error_at", DataType.of(TypeKind.TIMESTAMP_TZ), true),
                    column("updated_at", DataType.of(TypeKind.TIMESTAMP_TZ), false));

    private static final List<String> KEY = List.of("pipeline", "table_name", "subtask");

    private final Dialect dialect;
    private final TableId table;
    private final TableId errorTable;
    private final String update;
    private final String insert;

    private boolean exists;

    public StatusTable(Dialect dialect, TableId table, TableId errorTable) {
        this.dialect = dialect;
        this.table = table;
        this.errorTable = errorTable;
        String name = dialect.tableName(table);
        this.update =
                "UPDATE "
                        + name
                        + " SET "
                        + q("phase")
                        + " = ?, "
                        + increment("snapshot_rows")
                        + ", "
                        + increment("events_applied")
                        + ", "
                        + increment("errors")
                        + ", "
                        + q("last_stream")
                        + " = ?, "
                        + q("last_partition")
                        + " = ?, "
                        + q("last_offset")
                        + " = ?, "
                        + keep("last_source_ts")
                        + ", "
                        + keep("lag_ms")
                        + ", "
                        + keep("last_error")
                        + ", "
                        + keep("last_error_at")
                        + ", "
                        + q("updated_at")
                        + " = ? WHERE "
                        + q("pipeline")
                        + " = ? AND "
                        + q("table_name")
                        + " = ? AND "
                        + q("subtask")
                        + " = ?";
        StringBuilder columns = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (ColumnDefinition c : COLUMNS) {
            if (columns.length() > 0) {
                columns.append(", ");
                marks.append(", ");
            }
            columns.append(q(c.name()));
            marks.append('?');
        }
        this.insert = "INSERT INTO " + name + " (" + columns + ") VALUES (" + marks + ")";
    }

    private static ColumnDefinition column(String name, DataType type, boolean nullable) {
        return new ColumnDefinition(name, type, nullable, null);
    }

    private String q(String column) {
        return dialect.quote(column);
    }

    private String increment(String column) {
        return q(column) + " = " + q(column) + " + ?";
    }

    /** Sets the column when the bound value is not null, else keeps what it holds. */
    private String keep(String column) {
        return q(column) + " = COALESCE(?, " + q(column) + ")";
    }

    /** Creates the table when missing (once per instance); the caller commits. */
    void ensureExists(Connection connection) throws SQLException {
        if (exists) {
            return;
        }
        BookkeepingTables.ensure(connection, dialect, table, COLUMNS, KEY);
        exists = true;
    }

    /** Forgets what it knows of the table, after a failed transaction. */
    void invalidate() {
        exists = false;
    }

    /**
     * Records the progress of each of {@code committable}'s table batches, in the caller's
     * transaction.
     */
    void record(Connection connection, JdbcCommittable committable, SinkErrors errors, Instant now)
            throws SQLException {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        for (TableBatch batch : committable.tables()) {
            TableProgress p = batch.progress();
            SinkErrors.Refusals refused = errors.refusedBy(batch.target());
            if (p.events() == 0 && refused == null) {
                continue;
            }
            boolean isErrorTable = batch.target().equals(errorTable);
            Row row = new Row();
            row.phase = isErrorTable ? ERRORS : p.lastWasSnapshotRead() ? SNAPSHOT : STREAMING;
            row.snapshotRows = p.snapshotReads();
            row.events = p.events();
            row.errors = isErrorTable ? p.events() : refused == null ? 0 : refused.count;
            row.progress = p;
            row.sourceTime =
                    p.sourceTimestamp() < 0
                            ? null
                            : Instant.ofEpochMilli(p.sourceTimestamp()).atOffset(ZoneOffset.UTC);
            row.lag = p.sourceTimestamp() < 0 ? null : now.toEpochMilli() - p.sourceTimestamp();
            if (refused != null) {
                row.error = cut(refused.lastMessage);
                row.errorAt = at;
            }
            // Only this subtask's applier writes this row, so nothing can insert it in between.
            if (update(connection, committable, batch, row, at) == 0) {
                insert(connection, committable, batch, row, at);
            }
        }
    }

    private int update(
            Connection connection, JdbcCommittable c, TableBatch batch, Row row, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(update)) {
            int i = 1;
            ps.setString(i++, row.phase);
            ps.setLong(i++, row.snapshotRows);
            ps.setLong(i++, row.events);
            ps.setLong(i++, row.errors);
            i = bindPosition(ps, i, row);
            ps.setObject(i++, at);
            ps.setString(i++, c.pipeline());
            ps.setString(i++, batch.target().text());
            ps.setInt(i, c.subtask());
            return ps.executeUpdate();
        }
    }

    private void insert(
            Connection connection, JdbcCommittable c, TableBatch batch, Row row, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            int i = 1;
            ps.setString(i++, c.pipeline());
            ps.setString(i++, batch.target().text());
            ps.setInt(i++, c.subtask());
            ps.setString(i++, row.phase);
            ps.setLong(i++, row.snapshotRows);
            ps.setLong(i++, row.events);
            ps.setLong(i++, row.errors);
            i = bindPosition(ps, i, row);
            ps.setObject(i, at);
            ps.executeUpdate();
        }
    }

    /** Binds last_stream through last_error_at, in column order. */
    private static int bindPosition(PreparedStatement ps, int i, Row row) throws SQLException {
        TableProgress p = row.progress;
        ps.setString(i++, p.stream());
        ps.setInt(i++, p.partition());
        ps.setLong(i++, p.offset());
        if (row.sourceTime == null) {
            ps.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i++, row.sourceTime);
        }
        if (row.lag == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, row.lag);
        }
        ps.setString(i++, row.error);
        if (row.errorAt == null) {
            ps.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i++, row.errorAt);
        }
        return i;
    }

    private static String cut(String message) {
        return message == null || message.length() <= MESSAGE_LIMIT
                ? message
                : message.substring(0, MESSAGE_LIMIT - 3) + "...";
    }

    /** The values of one status row update. */
    private static final class Row {
        String phase;
        long snapshotRows;
        long events;
        long errors;
        TableProgress progress;
        OffsetDateTime sourceTime;
        Long lag;
        String error;
        OffsetDateTime errorAt;
    }
}

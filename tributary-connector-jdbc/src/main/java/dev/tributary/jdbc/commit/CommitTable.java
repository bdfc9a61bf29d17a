package dev.tributary.jdbc.commit;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;

/**
 * The table that makes commits exactly once: one row per (pipeline, sink, subtask) holding the
 * sequence number of the last batch applied and when. The row is locked, checked and updated in the
 * same transaction as the batch's rows. Not thread-safe.
 */
public final class CommitTable {
    /** Its columns, as created. */
    public static final List<ColumnDefinition> COLUMNS =
            List.of(
                    new ColumnDefinition(
                            "pipeline", DataType.sized(TypeKind.STRING, 255), false, null),
                    new ColumnDefinition("sink", DataType.sized(TypeKind.STRING, 255), false, null),
                    new ColumnDefinition("subtask", DataType.of(TypeKind.INT32), false, null),
                    new ColumnDefinition("sequence", DataType.of(TypeKind.INT64), false, null),
                    new ColumnDefinition(
                            "committed_at", DataType.of(TypeKind.TIMESTAMP_TZ), false, null));

    private static final List<String> KEY = List.of("pipeline", "sink", "subtask");

    private final Dialect dialect;
    private final TableId table;
    private final List<String> statements;
    private boolean exists;

    public CommitTable(Dialect dialect, TableId table) {
        this.dialect = dialect;
        this.table = table;
        this.statements = dialect.commitStatements(table);
    }

    /** Creates the table when missing (once per instance); the caller commits. */
    void ensureExists(Connection connection) throws SQLException {
        if (exists) {
            return;
        }
        BookkeepingTables.ensure(connection, dialect, table, COLUMNS, KEY);
        exists = true;
    }

    /** Forgets that the table exists, after a failed transaction. */
    void invalidate() {
        exists = false;
    }

    /** Locks and returns the stored sequence, or empty when the row does not exist yet. */
    OptionalLong lock(Connection connection, String pipeline, String sink, int subtask)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(statements.get(0))) {
            ps.setString(1, pipeline);
            ps.setString(2, sink);
            ps.setInt(3, subtask);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Records {@code committable} as applied, inserting the row when {@code exists} is false. */
    void record(Connection connection, JdbcCommittable c, boolean exists) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement ps = connection.prepareStatement(statements.get(exists ? 2 : 1))) {
            if (exists) {
                ps.setLong(1, c.sequence());
                ps.setObject(2, now);
                ps.setString(3, c.pipeline());
                ps.setString(4, c.sink());
                ps.setInt(5, c.subtask());
            } else {
                ps.setString(1, c.pipeline());
                ps.setString(2, c.sink());
                ps.setInt(3, c.subtask());
                ps.setLong(4, c.sequence());
                ps.setObject(5, now);
            }
            ps.executeUpdate();
        }
    }

    /**
     * The stored sequence of one (pipeline, sink, subtask), 0 when the table or the row does not
     * exist. Reads without locking and ends the transaction.
     */
    public long storedSequence(Connection connection, String pipeline, String sink, int subtask)
            throws SQLException {
        try {
            if (dialect.readTable(connection, table).isEmpty()) {
                return 0;
            }
            return lock(connection, pipeline, sink, subtask).orElse(0);
        } finally {
            connection.rollback();
        }
    }
}

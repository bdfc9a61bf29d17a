package dev.tributary.app.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How many events a pipeline has applied to a target table, from the jdbc sink's status table
 * (written in the same transaction as the rows, so the figure never runs ahead of them). One
 * indexed read of a few rows: cheap enough to poll often without loading the database it measures,
 * unlike a {@code count(*)} of the target.
 */
final class AppliedEvents {
    static final String STATUS_TABLE = "public._tributary_status";

    private AppliedEvents() {}

    /**
     * Events applied by {@code pipeline} to {@code table} ({@code schema.table}), over subtasks.
     */
    static long of(Connection c, String pipeline, String table) throws SQLException {
        if (!OrdersTable.exists(c, STATUS_TABLE)) {
            return 0;
        }
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT coalesce(sum(events_applied), 0) FROM "
                                + STATUS_TABLE
                                + " WHERE pipeline = ? AND table_name = ?")) {
            s.setString(1, pipeline);
            s.setString(2, table);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}

package dev.tributary.jdbc.commit;

import dev.tributary.api.event.TableId;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Creates the sink's own tables (commits, status) when they are missing. Stateless. */
final class BookkeepingTables {
    private BookkeepingTables() {}

    /** Creates {@code table} unless it exists, and commits; another subtask may race us to it. */
    static void ensure(
            Connection connection,
            Dialect dialect,
            TableId table,
            List<ColumnDefinition> columns,
            List<String> key)
            throws SQLException {
        if (dialect.readTable(connection, table).isPresent()) {
            return;
        }
        try {
            dialect.createTable(connection, table, columns, key, Dialect.PACKED);
            connection.commit();
        } catch (SQLException e) {
            // Another subtask may have created it a moment ago.
            connection.rollback();
            if (dialect.readTable(connection, table).isEmpty()) {
                throw e;
            }
        }
    }
}

package dev.tributary.postgres.cdc;

import dev.tributary.api.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimated rows of captured tables, for snapshot progress: the sum of {@code pg_class.reltuples}
 * over the table's leaf partitions (the table itself when it is not partitioned). A table that was
 * never vacuumed nor analyzed ({@code reltuples < 0}) is counted instead, up to a limit; past the
 * limit the planner's estimate from the table's size is taken, so the cost stays bounded.
 */
final class RowEstimates {
    /** Rows counted at most for a table without statistics. */
    static final long COUNT_LIMIT = 1_000_000;

    // One row per existing table: its leaves' reltuples added up (a partitioned table without
    // partitions has no leaf and holds no rows).
    private static final String STATISTICS =
            "SELECT coalesce(sum(greatest(l.reltuples, 0)), 0)::bigint,"
                    + " coalesce(bool_or(l.reltuples < 0), false)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_class l ON (c.relkind <> 'p' AND l.oid = c.oid)"
                    + " OR l.oid IN (SELECT t.relid FROM pg_partition_tree(c.oid) t"
                    + " WHERE t.isleaf AND t.relid <> c.oid)"
                    + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')"
                    + " GROUP BY c.oid";

    private static final Pattern PLAN_ROWS = Pattern.compile("rows=(\\d+)");

    private RowEstimates() {}

    /**
     * @param connection an open connection to the tables' database; not closed here
     * @param countLimit rows counted at most per table without statistics
     * @return an estimate for each table that exists, in the order given
     */
    static Map<TableId, Long> of(Connection connection, List<TableId> tables, long countLimit)
            throws SQLException {
        Map<TableId, Long> out = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement(STATISTICS)) {
            for (TableId table : tables) {
                s.setString(1, table.schema());
                s.setString(2, table.table());
                try (ResultSet rows = s.executeQuery()) {
                    if (!rows.next()) {
                        continue;
                    }
                    long fromStatistics = rows.getLong(1);
                    boolean unknown = rows.getBoolean(2);
                    out.put(
                            table,
                            unknown ? counted(connection, table, countLimit) : fromStatistics);
                }
            }
        }
        return out;
    }

    /** An exact count up to {@code limit}; past it, the planner's estimate (at least the limit). */
    private static long counted(Connection connection, TableId table, long limit)
            throws SQLException {
        String name = Identifiers.quote(table);
        try (Statement s = connection.createStatement()) {
            long count;
            try (ResultSet rows =
                    s.executeQuery(
                            "SELECT count(*) FROM (SELECT 1 FROM "
                                    + name
                                    + " LIMIT "
                                    + (limit + 1)
                                    + ") r")) {
                rows.next();
                count = rows.getLong(1);
            }
            if (count <= limit) {
                return count;
            }
            // Without statistics the planner scales the table's current size in pages.
            try (ResultSet plan = s.executeQuery("EXPLAIN SELECT 1 FROM " + name)) {
                Matcher m = plan.next() ? PLAN_ROWS.matcher(plan.getString(1)) : null;
                return m != null && m.find() ? Math.max(count, Long.parseLong(m.group(1))) : count;
            }
        }
    }
}

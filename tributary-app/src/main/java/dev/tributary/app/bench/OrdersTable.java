package dev.tributary.app.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The orders table in PostgreSQL: its DDL, and an order-independent content checksum computed in
 * the database, so that the target and the expected rows are compared by the same SQL expression
 * whatever column types the sink chose (every column is cast to the declared type first).
 */
final class OrdersTable {
    static final String COLUMNS =
            "id, customer_id, status, amount, quantity, priority, paid, note, created_at, updated_at";

    /** Rows and the sum of one 64-bit hash per row; equal for equal sets of rows. */
    record Checksum(long rows, String hashSum) {}

    private OrdersTable() {}

    static String createSql(String table) {
        return "CREATE TABLE "
                + table
                + " (id bigint PRIMARY KEY, customer_id bigint, status text,"
                + " amount numeric(12,2), quantity integer, priority smallint, paid boolean, note text,"
                + " created_at timestamp(6), updated_at timestamptz)";
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    static Checksum checksum(Connection c, String table) throws SQLException {
        String canonical =
                "ROW(id::bigint, customer_id::bigint, status::text, amount::numeric(12,2),"
                        + " quantity::integer, priority::smallint, paid::boolean, note::text,"
                        + " created_at::timestamp(6), updated_at::timestamptz)::text";
        String sql =
                "SELECT count(*), coalesce(sum(hashtextextended("
                        + canonical
                        + ", 0)), 0)::text FROM "
                        + table;
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return new Checksum(r.getLong(1), r.getString(2));
        }
    }

    /**
     * True when {@code table} exists; the sink may create its table only when the first batch
     * arrives.
     */
    static boolean exists(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT to_regclass('"
                                        + table.replace("'", "''")
                                        + "') IS NOT NULL")) {
            r.next();
            return r.getBoolean(1);
        }
    }
}

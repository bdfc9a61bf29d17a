package dev.tributary.jdbc.verify;

import dev.tributary.api.event.TableId;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregate, boundary and row queries of one table on one side. Every value is computed in the
 * database: a row's canonical text, its 64-bit hash, and the count and hash sum of a key range;
 * only cut points and the rows of small ranges travel to the JVM. Bounds are bound as parameters.
 */
final class TableQueries {
    private final Connection connection;
    private final String sideName;
    private final String table;
    private final List<String> canonical = new ArrayList<>();
    private final List<String> keyOrder = new ArrayList<>();
    private final String hash;
    private final String lowerPredicate;
    private final String upperPredicate;
    private final String keyOrderList;

    /**
     * @param columns the compared columns as this side describes them
     * @param keyPositions where the key columns stand in {@code columns}; may be empty
     */
    TableQueries(Side side, TableId id, List<ColumnDefinition> columns, int[] keyPositions) {
        Dialect d = side.dialect();
        this.connection = side.connection();
        this.sideName = side.name();
        this.table = d.tableName(id);
        for (ColumnDefinition c : columns) {
            canonical.add(d.canonicalText(c, d.quote(c.name())));
        }
        for (int p : keyPositions) {
            ColumnDefinition c = columns.get(p);
            keyOrder.add(d.keyOrder(c, d.quote(c.name())));
        }
        this.hash = d.rowHash(d.canonicalRow(canonical));
        this.lowerPredicate = keyOrder.isEmpty() ? null : d.keyComparison(keyOrder, ">");
        this.upperPredicate = keyOrder.isEmpty() ? null : d.keyComparison(keyOrder, "<=");
        this.keyOrderList = String.join(", ", keyOrder);
    }

    /** Count and checksum of the rows in {@code range}. */
    Totals totals(KeyRange range) throws SQLException {
        String sql =
                "SELECT COUNT(*), SUM(CAST("
                        + hash
                        + " AS DECIMAL(38,0))) FROM "
                        + table
                        + where(range);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindRange(ps, 1, range);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Totals(rs.getLong(1), wrap(rs.getBigDecimal(2)));
            }
        } catch (SQLException e) {
            throw located(e);
        }
    }

    /**
     * Count and checksum of each part of {@code range} cut at {@code bounds}, in one pass over the
     * range: element i covers {@code (bound i-1, bound i]}, the last one the rest.
     */
    List<Totals> partTotals(KeyRange range, List<Object[]> bounds) throws SQLException {
        StringBuilder bucket = new StringBuilder("CASE");
        for (int i = 0; i < bounds.size(); i++) {
            bucket.append(" WHEN ").append(upperPredicate).append(" THEN ").append(i);
        }
        bucket.append(" ELSE ").append(bounds.size()).append(" END");
        String sql =
                "SELECT tb, COUNT(*), SUM(CAST(th AS DECIMAL(38,0))) FROM (SELECT "
                        + bucket
                        + " AS tb, "
                        + hash
                        + " AS th FROM "
                        + table
                        + where(range)
                        + ") tq GROUP BY tb";
        List<Totals> parts = new ArrayList<>();
        for (int i = 0; i <= bounds.size(); i++) {
            parts.add(Totals.EMPTY);
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object[] b : bounds) {
                index = bind(ps, index, b);
            }
            bindRange(ps, index, range);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.set(rs.getInt(1), new Totals(rs.getLong(2), wrap(rs.getBigDecimal(3))));
                }
            }
        } catch (SQLException e) {
            throw located(e);
        }
        return parts;
    }

    /**
     * The keys of every {@code step}-th row of {@code range} in key order: the cut points that
     * split the range into parts of {@code step} rows on this side.
     */
    List<Object[]> cutPoints(KeyRange range, long step) throws SQLException {
        StringBuilder inner = new StringBuilder();
        StringBuilder outer = new StringBuilder();
        for (int i = 0; i < keyOrder.size(); i++) {
            inner.append(keyOrder.get(i)).append(" AS tk").append(i).append(", ");
            outer.append(i == 0 ? "" : ", ").append("tk").append(i);
        }
        String sql =
                "SELECT "
                        + outer
                        + " FROM (SELECT "
                        + inner
                        + "ROW_NUMBER() OVER (ORDER BY "
                        + keyOrderList
                        + ") AS trn FROM "
                        + table
                        + where(range)
                        + ") tq WHERE MOD(trn, ?) = 0 ORDER BY trn";
        List<Object[]> cuts = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int index = bindRange(ps, 1, range);
            ps.setLong(index, step);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[keyOrder.size()];
                    for (int i = 0; i < key.length; i++) {
                        key[i] = rs.getObject(i + 1);
                    }
                    cuts.add(key);
                }
            }
        } catch (SQLException e) {
            throw located(e);
        }
        return cuts;
    }

    /** The canonical values of the rows in {@code range}, in key order. */
    List<List<String>> rows(KeyRange range) throws SQLException {
        // Aliased: a bare key column name in ORDER BY would otherwise name the output column
        // (its canonical text) rather than the table's, and sort numbers as text.
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < canonical.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(canonical.get(i)).append(" AS tc").append(i);
        }
        String sql =
                "SELECT " + select + " FROM " + table + where(range) + " ORDER BY " + keyOrderList;
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindRange(ps, 1, range);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>(canonical.size());
                    for (int i = 1; i <= canonical.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw located(e);
        }
        return rows;
    }

    /** The failure with the side and table in its message, SQL state and cause kept. */
    private SQLException located(SQLException e) {
        return new SQLException(
                "on the " + sideName + ", table " + table + ": " + e.getMessage(),
                e.getSQLState(),
                e.getErrorCode(),
                e);
    }

    private String where(KeyRange range) {
        boolean lower = range.lower() != null;
        boolean upper = range.upper() != null;
        if (!lower && !upper) {
            return "";
        }
        return " WHERE "
                + (lower ? lowerPredicate : "")
                + (lower && upper ? " AND " : "")
                + (upper ? upperPredicate : "");
    }

    /** Binds the range's bounds from {@code index} on; returns the next free index. */
    private static int bindRange(PreparedStatement ps, int index, KeyRange range)
            throws SQLException {
        if (range.lower() != null) {
            index = bind(ps, index, range.lower());
        }
        if (range.upper() != null) {
            index = bind(ps, index, range.upper());
        }
        return index;
    }

    private static int bind(PreparedStatement ps, int index, Object[] key) throws SQLException {
        for (Object v : key) {
            ps.setObject(index++, v);
        }
        return index;
    }

    /** The hash sum modulo 2^64 (its low 64 bits); no rows sum to 0. */
    private static long wrap(BigDecimal sum) {
        return sum == null ? 0 : sum.toBigInteger().longValue();
    }
}

package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies rows with batched prepared statements (one round trip per statement kind and batch, not
 * per row): deletes by key, then updates by key followed by inserts of the rows no update found;
 * or, when the key is not the table's primary key, deletes of every key followed by inserts. Works
 * on any database with standard SQL; a dialect with a faster path overrides {@link
 * Dialect#applier}. Not thread-safe.
 */
public class GenericBatchApplier implements BatchApplier {
    private final Connection connection;
    private final AbstractDialect dialect;

    public GenericBatchApplier(Connection connection, AbstractDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    @Override
    public void upsert(WriteTarget target, Rows rows) throws SQLException {
        List<Integer> deletes = new ArrayList<>();
        List<Integer> upserts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (rows.isDelete(i) ? deletes : upserts).add(i);
        }
        // Deletes first: a key deleted and another upserted in one batch never collide, but a
        // constraint on other columns may need the deleted row gone before the new one arrives.
        if (!target.keyIsPrimaryKey()) {
            deletes.addAll(upserts);
        }
        runKeyed(dialect.deleteSql(target), target, rows, deletes, false);
        List<Integer> missing = upserts;
        if (target.keyIsPrimaryKey() && target.keyPositions().length < target.columns().size()) {
            missing = runKeyed(dialect.updateSql(target), target, rows, upserts, true);
        }
        insertRows(target, rows, missing);
    }

    @Override
    public void insert(WriteTarget target, Rows rows) throws SQLException {
        List<Integer> all = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            all.add(i);
        }
        insertRows(target, rows, all);
    }

    private void insertRows(WriteTarget target, Rows rows, List<Integer> indexes)
            throws SQLException {
        if (indexes.isEmpty()) {
            return;
        }
        List<ColumnDefinition> columns = target.columns();
        try (PreparedStatement ps =
                connection.prepareStatement(dialect.insertSql(target.table().id(), columns))) {
            for (int i : indexes) {
                Object[] row = rows.row(i);
                for (int c = 0; c < columns.size(); c++) {
                    dialect.bind(ps, c + 1, row[c], columns.get(c));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Runs a statement whose parameters are the non-key columns (when {@code withValues}) followed
     * by the key columns; returns the indexes whose statement touched no row.
     */
    private List<Integer> runKeyed(
            String sql, WriteTarget target, Rows rows, List<Integer> indexes, boolean withValues)
            throws SQLException {
        List<Integer> untouched = new ArrayList<>();
        if (indexes.isEmpty()) {
            return untouched;
        }
        List<ColumnDefinition> columns = target.columns();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i : indexes) {
                Object[] row = rows.row(i);
                int p = 1;
                if (withValues) {
                    for (int c = 0; c < columns.size(); c++) {
                        if (!target.isKey(c)) {
                            dialect.bind(ps, p++, row[c], columns.get(c));
                        }
                    }
                }
                for (int k : target.keyPositions()) {
                    dialect.bind(ps, p++, row[k], columns.get(k));
                }
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int j = 0; j < counts.length; j++) {
                if (counts[j] == 0) {
                    untouched.add(indexes.get(j));
                }
            }
        }
        return untouched;
    }

    @Override
    public void truncate(TableId table) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(dialect.truncateSql(table));
        }
    }

    @Override
    public void transactionEnded(boolean committed) {}

    @Override
    public void close() {}
}

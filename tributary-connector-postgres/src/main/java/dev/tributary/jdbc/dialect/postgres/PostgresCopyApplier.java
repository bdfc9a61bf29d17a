package dev.tributary.jdbc.dialect.postgres;

import dev.tributary.api.event.TableId;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.Rows;
import dev.tributary.jdbc.dialect.WriteTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The PostgreSQL fast path. Inserts: {@code COPY} straight into the target. Upserts: {@code COPY}
 * into a temporary staging table (one per table shape and connection, created on first use, emptied
 * at commit), then one {@code DELETE ... USING staging} for the deleted keys and one {@code INSERT
 * ... SELECT ... ON CONFLICT DO UPDATE} for the rest: four statements per table and batch, whatever
 * its size. COPY data is encoded into one reusable buffer and streamed in chunks, in PostgreSQL's
 * binary format where every column type and value of the batch has one (see {@link BinaryColumn}),
 * in the text format otherwise. Not thread-safe.
 *
 * <p><b>Empty targets.</b> An upsert batch for a target with a primary key that holds no rows yet
 * (the initial load of a mirror, or the first batch after a truncate) is COPYed straight into the
 * target instead: its keys are unique, its deletes have nothing to delete, so the result is the
 * same, without the staging table and the conflict checks. The COPY runs under a savepoint; if a
 * concurrent writer committed one of its keys in the meantime, the primary key refuses the COPY,
 * the savepoint undoes it, and the batch takes the staging path. Once a target is seen holding rows
 * it is not checked again until it is truncated.
 */
final class PostgresCopyApplier implements BatchApplier {
    private static final int CHUNK = 256 * 1024;

    /** SQLState of a unique or primary key violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** How {@link #copyRows} lays out the rows of an upsert batch. */
    private enum Layout {
        /** Every row as it is (inserts). */
        AS_IS,
        /** Every row, led by its operation ({@code d} or {@code u}), for the staging table. */
        OP_FIRST,
        /** Only the rows that are not deletes, as they are (an upsert into an empty target). */
        UPSERTS_ONLY
    }

    private final Connection connection;
    private final PostgresDialect dialect;
    private final CopyManager copy;
    private final CopyTextEncoder encoder = new CopyTextEncoder(CHUNK + 64 * 1024);
    private final CopyBinaryEncoder binaryEncoder = new CopyBinaryEncoder(CHUNK + 64 * 1024);

    /** Staging table by target shape; it exists on the connection. */
    private final Map<String, String> staging = new HashMap<>();

    /** Staging tables created in the current transaction: a rollback drops them again. */
    private final Set<String> createdInTransaction = new HashSet<>();

    /** Staging tables holding rows of the current transaction. */
    private final Set<String> dirty = new HashSet<>();

    /** Targets seen holding rows: an upsert batch for them takes the staging path unchecked. */
    private final Set<TableId> holdingRows = new HashSet<>();

    private int counter;

    PostgresCopyApplier(Connection connection, PostgresDialect dialect) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    @Override
    public void upsert(WriteTarget target, Rows rows) throws SQLException {
        if (rows.size() == 0) {
            return;
        }
        if (!target.keyIsPrimaryKey() || !copiedIntoEmptyTarget(target, rows)) {
            upsertThroughStaging(target, rows);
        }
        holdingRows.add(target.table().id());
    }

    /**
     * COPYs the batch's upserts straight into the target when the target holds no rows.
     *
     * @return false when the target holds rows (or a concurrent writer committed one of the batch's
     *     keys first): nothing was written, the batch needs the staging path
     */
    private boolean copiedIntoEmptyTarget(WriteTarget target, Rows rows) throws SQLException {
        TableId table = target.table().id();
        if (holdingRows.contains(table) || !isEmpty(table)) {
            return false;
        }
        Savepoint beforeCopy = connection.setSavepoint();
        try {
            copyRows(dialect.copySql(target), target, rows, Layout.UPSERTS_ONLY);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                // The caller rolls back to its own savepoint, taken before this one.
                throw e;
            }
            connection.rollback(beforeCopy);
            connection.releaseSavepoint(beforeCopy);
            return false;
        }
        connection.releaseSavepoint(beforeCopy);
        return true;
    }

    private boolean isEmpty(TableId table) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery(dialect.holdsRowsSql(table))) {
            r.next();
            return !r.getBoolean(1);
        }
    }

    private void upsertThroughStaging(WriteTarget target, Rows rows) throws SQLException {
        String shape = target.shapeKey();
        String name = staging.get(shape);
        boolean created = false;
        try {
            if (name == null) {
                name = "_tributary_stage_" + (++counter);
                execute(dialect.createStagingSql(name, target));
                staging.put(shape, name);
                createdInTransaction.add(shape);
                created = true;
            } else if (dirty.contains(name)) {
                execute(dialect.truncateStagingSql(name));
            }
            dirty.add(name);
            int deletes =
                    copyRows(
                            dialect.copyIntoStagingSql(name, target),
                            target,
                            rows,
                            Layout.OP_FIRST);
            if (deletes > 0 || !target.keyIsPrimaryKey()) {
                execute(dialect.deleteFromStagingSql(name, target));
            }
            if (deletes < rows.size()) {
                execute(dialect.upsertFromStagingSql(name, target));
            }
        } catch (SQLException | RuntimeException e) {
            // The caller rolls back to its savepoint, which also undoes a staging table created
            // here.
            if (created) {
                staging.remove(shape);
                createdInTransaction.remove(shape);
            }
            throw e;
        }
    }

    @Override
    public void insert(WriteTarget target, Rows rows) throws SQLException {
        if (rows.size() == 0) {
            return;
        }
        copyRows(dialect.copySql(target), target, rows, Layout.AS_IS);
    }

    /**
     * Streams {@code rows} through one COPY in chunks of a reused encoder's buffer, laid out as
     * {@code layout} says: in the binary format when every column's type has one and every value of
     * the batch is taken by it, in the text format otherwise.
     *
     * @return how many rows were deletes (counted for {@link Layout#OP_FIRST} only)
     */
    private int copyRows(String copySql, WriteTarget target, Rows rows, Layout layout)
            throws SQLException {
        BinaryColumn[] binary = binaryColumns(target, rows, layout);
        CopyRowEncoder out;
        if (binary == null) {
            out = encoder;
        } else {
            binaryEncoder.columns(binary);
            out = binaryEncoder;
            copySql += " (FORMAT binary)";
        }
        int deletes = 0;
        out.clear();
        out.begin();
        CopyIn in = copy.copyIn(copySql);
        try {
            for (int i = 0; i < rows.size(); i++) {
                String op = null;
                if (layout == Layout.OP_FIRST) {
                    boolean delete = rows.isDelete(i);
                    deletes += delete ? 1 : 0;
                    op = delete ? "d" : "u";
                } else if (layout == Layout.UPSERTS_ONLY && rows.isDelete(i)) {
                    continue;
                }
                out.row(op, rows.row(i));
                if (out.size() >= CHUNK) {
                    flush(in, out.buffer(), out.size());
                    out.clear();
                }
            }
            out.end();
            flush(in, out.buffer(), out.size());
            out.clear();
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        return deletes;
    }

    /**
     * The binary type of each column the COPY writes (the op column first for {@link
     * Layout#OP_FIRST}), or null when one of the columns or one of the batch's values has no binary
     * form equal to its text form.
     */
    private static BinaryColumn[] binaryColumns(WriteTarget target, Rows rows, Layout layout) {
        int offset = layout == Layout.OP_FIRST ? 1 : 0;
        int n = target.columns().size();
        BinaryColumn[] types = new BinaryColumn[offset + n];
        if (offset == 1) {
            types[0] = BinaryColumn.TEXT; // char(1)
        }
        for (int c = 0; c < n; c++) {
            types[offset + c] = BinaryColumn.of(target.columns().get(c));
            if (types[offset + c] == null) {
                return null;
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.row(i);
            for (int c = 0; c < n; c++) {
                Object v = row[c];
                if (v != null && !types[offset + c].accepts(v)) {
                    return null;
                }
            }
        }
        return types;
    }

    /** {@link #binaryColumns} for rows written as they are; for tests. */
    static BinaryColumn[] binaryColumnsFor(WriteTarget target, Rows rows) {
        return binaryColumns(target, rows, Layout.AS_IS);
    }

    private static void flush(CopyIn in, byte[] bytes, int size) throws SQLException {
        if (size > 0) {
            in.writeToCopy(bytes, 0, size);
        }
    }

    @Override
    public void truncate(TableId table) throws SQLException {
        execute(dialect.truncateSql(table));
        holdingRows.remove(table);
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void transactionEnded(boolean committed) {
        if (!committed) {
            for (String shape : createdInTransaction) {
                staging.remove(shape);
            }
        }
        createdInTransaction.clear();
        dirty.clear();
    }

    @Override
    public void close() {
        staging.clear();
        holdingRows.clear();
        createdInTransaction.clear();
        dirty.clear();
    }
}

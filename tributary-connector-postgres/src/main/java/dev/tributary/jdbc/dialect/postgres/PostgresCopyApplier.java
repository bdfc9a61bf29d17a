package dev.tributary.jdbc.dialect.postgres;

import dev.tributary.api.event.TableId;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.Rows;
import dev.tributary.jdbc.dialect.WriteTarget;
import java.sql.Connection;
import java.sql.SQLException;
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
 * its size. COPY data is encoded into one reusable buffer and streamed in chunks. Not thread-safe.
 */
final class PostgresCopyApplier implements BatchApplier {
    private static final int CHUNK = 256 * 1024;

    private final Connection connection;
    private final PostgresDialect dialect;
    private final CopyManager copy;
    private final CopyTextEncoder encoder = new CopyTextEncoder(CHUNK + 64 * 1024);

    /** Staging table by target shape; it exists on the connection. */
    private final Map<String, String> staging = new HashMap<>();

    /** Staging tables created in the current transaction: a rollback drops them again. */
    private final Set<String> createdInTransaction = new HashSet<>();

    /** Staging tables holding rows of the current transaction. */
    private final Set<String> dirty = new HashSet<>();

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
            int deletes = copyRows(dialect.copyIntoStagingSql(name, target), rows, true);
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
        copyRows(dialect.copySql(target), rows, false);
    }

    /**
     * Streams {@code rows} through one COPY in chunks of the reused encoder's buffer; with {@code
     * withOp} each row starts with its operation ({@code d} or {@code u}) for the staging table.
     *
     * @return how many rows were deletes
     */
    private int copyRows(String copySql, Rows rows, boolean withOp) throws SQLException {
        int deletes = 0;
        encoder.clear();
        CopyIn in = copy.copyIn(copySql);
        try {
            for (int i = 0; i < rows.size(); i++) {
                if (withOp) {
                    boolean delete = rows.isDelete(i);
                    deletes += delete ? 1 : 0;
                    encoder.value(delete ? "d" : "u");
                }
                for (Object v : rows.row(i)) {
                    encoder.value(v);
                }
                encoder.endRow();
                if (encoder.size() >= CHUNK) {
                    flush(in);
                }
            }
            flush(in);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        return deletes;
    }

    private void flush(CopyIn in) throws SQLException {
        if (encoder.size() > 0) {
            in.writeToCopy(encoder.buffer(), 0, encoder.size());
            encoder.clear();
        }
    }

    @Override
    public void truncate(TableId table) throws SQLException {
        execute(dialect.truncateSql(table));
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
        createdInTransaction.clear();
        dirty.clear();
    }
}

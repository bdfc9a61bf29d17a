package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.TableId;
import java.sql.SQLException;

/**
 * Writes sets of rows through one connection, inside the caller's transaction: it never commits or
 * rolls back. Created by {@link Dialect#applier(java.sql.Connection)} per connection; it may keep
 * per-connection state such as prepared statements or staging tables, which {@link
 * #transactionEnded(boolean)} tells it about. Not thread-safe: used by one committer thread.
 */
public interface BatchApplier extends AutoCloseable {

    /**
     * Applies upserts and deletes by key: rows marked {@link Rows#isDelete(int)} are deleted, every
     * other row is inserted or replaces the row with its key. Deletes take effect before upserts.
     * The keys of {@code rows} are unique. On an {@link SQLException} the caller rolls back to a
     * savepoint it took before this call.
     *
     * @param target the table, columns and key; never null
     * @param rows never null, may be empty
     */
    void upsert(WriteTarget target, Rows rows) throws SQLException;

    /**
     * Inserts every row as it is, in order (append and insert modes).
     *
     * @param target the table and columns; its key positions are ignored
     * @param rows never null, may be empty
     */
    void insert(WriteTarget target, Rows rows) throws SQLException;

    /** Removes every row of {@code table}. */
    void truncate(TableId table) throws SQLException;

    /**
     * Called after the caller committed ({@code committed} true) or rolled back the transaction, so
     * that state tied to the transaction (such as staging tables created in it) can be reset.
     */
    void transactionEnded(boolean committed);

    /** Releases statements; does not close the connection. Never throws. */
    @Override
    void close();
}

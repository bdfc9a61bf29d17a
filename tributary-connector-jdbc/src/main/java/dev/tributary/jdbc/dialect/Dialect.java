package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the jdbc sink needs to know about one kind of database: how to connect, quote names, map
 * logical types to column types and back, describe and create tables, and apply sets of rows.
 *
 * <p>Found with {@link java.util.ServiceLoader}: implementations are listed in {@code
 * META-INF/services/dev.tributary.jdbc.dialect.Dialect}, have a public no-argument constructor and
 * are chosen by {@link #accepts(String)}. Extend {@link AbstractDialect}, which holds the standard
 * SQL, and override only what the database does differently. Instances are stateless and
 * thread-safe; state tied to a connection lives in the {@link BatchApplier}. No method logs or
 * returns a password.
 */
public interface Dialect {

    /** A short name for messages and logs, such as {@code postgres}. Never null. */
    String name();

    /** True when this dialect handles {@code jdbcUrl} (never null), typically by its prefix. */
    boolean accepts(String jdbcUrl);

    /** What URLs this dialect accepts, for the message listing the known dialects. */
    String urlForm();

    /**
     * Opens a connection with auto-commit off. Called by the writer (once, at start) and by the
     * committer (after start and after a failed connection).
     *
     * @param jdbcUrl never null
     * @param properties driver properties including {@code user} and {@code password}; never null
     */
    Connection connect(String jdbcUrl, Properties properties) throws SQLException;

    /** {@code name} quoted for SQL so that any name, however strange, stays one identifier. */
    String quote(String name);

    /** The table's quoted, qualified name as used in statements. */
    String tableName(TableId table);

    /** The column type (DDL) this database uses for a logical type. Never null. */
    String columnType(DataType type);

    /**
     * The logical type a column created with {@link #columnType(DataType)} reads back as, for
     * example a TIMESTAMP(9) that a database with microsecond timestamps stores as TIMESTAMP(6).
     * Never null.
     */
    DataType storedType(DataType type);

    /**
     * True when every value of {@code eventType} fits a column of {@code columnType} without loss
     * (the same type, a larger size, or a widening such as INT32 into INT64).
     *
     * @param eventType the event column's logical type; never null
     * @param columnType the target column's logical type; null when the column's type is not mapped
     */
    boolean fits(DataType eventType, DataType columnType);

    /**
     * Describes a table, or returns empty when it does not exist. Runs inside the caller's
     * transaction.
     */
    Optional<TableDefinition> readTable(Connection connection, TableId table) throws SQLException;

    /**
     * Creates a table (and its schema when the database needs one created first). Runs inside the
     * caller's transaction; the caller commits.
     *
     * @param columns columns with their logical types; never null or empty
     * @param primaryKey key column names, empty for none
     */
    void createTable(
            Connection connection,
            TableId table,
            List<ColumnDefinition> columns,
            List<String> primaryKey)
            throws SQLException;

    /** Adds one nullable column. Runs inside the caller's transaction; the caller commits. */
    void addColumn(Connection connection, TableId table, ColumnDefinition column)
            throws SQLException;

    /**
     * Statements of the commit protocol, over a table with the columns {@code pipeline, sink,
     * subtask, sequence, committed_at}: {@code [0]} selects {@code sequence} for one (pipeline,
     * sink, subtask) locking the row, {@code [1]} inserts a row (pipeline, sink, subtask, sequence,
     * committed_at), {@code [2]} updates (sequence, committed_at) of one (pipeline, sink, subtask).
     * Parameters are bound in the order listed.
     */
    List<String> commitStatements(TableId commitTable);

    /** Returns a new applier for {@code connection}; the caller closes it before the connection. */
    BatchApplier applier(Connection connection) throws SQLException;

    /**
     * What a failure means: passing ({@link FailureKind#TRANSIENT}), a refused row ({@link
     * FailureKind#DATA}) or fatal. Never null.
     */
    FailureKind classify(SQLException failure);
}

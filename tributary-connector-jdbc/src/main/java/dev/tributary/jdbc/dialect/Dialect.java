package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the jdbc sink and verify need to know about one kind of database: how to connect, quote
 * names, map logical types to column types and back, describe and create tables, apply sets of
 * rows, and compute canonical row texts, hashes and key ranges inside the database.
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

    /** The fill factor that packs pages full: every database's default. */
    int PACKED = 100;

    /**
     * Creates a table (and its schema when the database needs one created first). Runs inside the
     * caller's transaction; the caller commits.
     *
     * @param columns columns with their logical types; never null or empty
     * @param primaryKey key column names, empty for none
     * @param fillfactor the percent (10 to 100) of each page that inserts fill, leaving the rest
     *     for rows updated in place; a database without such a storage setting ignores it
     */
    void createTable(
            Connection connection,
            TableId table,
            List<ColumnDefinition> columns,
            List<String> primaryKey,
            int fillfactor)
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

    // ---- verifying a target against its source
    // ---------------------------------------------------

    /**
     * Begins a read-only transaction in which every following query on {@code connection} sees the
     * same consistent snapshot of the database (REPEATABLE READ or stronger), until {@link
     * #endSnapshot}. Takes the snapshot before it returns, and fixes the session settings that the
     * expressions of {@link #canonicalText} rely on (date style, float digits, time zone) for the
     * length of the transaction. A transaction already open on the connection is rolled back first.
     * Leaves auto-commit off.
     *
     * @param connection never null; used by one thread at a time
     */
    void beginSnapshot(Connection connection) throws SQLException;

    /**
     * Ends the transaction begun by {@link #beginSnapshot}; it wrote nothing, so it is rolled back.
     */
    void endSnapshot(Connection connection) throws SQLException;

    /**
     * An SQL expression of a character type that yields the canonical text of the column's value,
     * or SQL NULL when the value is NULL. Equal logical values give the same text on every database
     * and across equivalent column types (for example {@code money} and {@code numeric(p,2)},
     * {@code json} and {@code jsonb}, an array and {@code jsonb}, an enum and {@code text}, {@code
     * varchar(n)} and {@code text}): numbers without trailing fractional zeros, floats as the
     * shortest text that reads back as the same double, booleans {@code t} or {@code f}, timestamps
     * with a time zone as UTC epoch microseconds, other temporal values in ISO form, uuids in lower
     * case, json in one normal form, bytes as lower-case hex. The expressions may rely on the
     * settings made by {@link #beginSnapshot}.
     *
     * @param column the column as {@link #readTable} described it; never null
     * @param columnRef the column as it appears in the query, already quoted; never null
     */
    String canonicalText(ColumnDefinition column, String columnRef);

    /**
     * An SQL expression that joins the canonical texts of one row's columns into one text that
     * cannot be read two ways: each value is written as its length in characters, a colon and the
     * value, and NULL as a bare {@code N}; the parts follow each other without separator. The
     * result is never NULL.
     *
     * @param canonicalTexts expressions built by {@link #canonicalText}, in column order; never
     *     empty
     */
    String canonicalRow(List<String> canonicalTexts);

    /**
     * An SQL expression of a 64-bit integer type: the first 8 bytes of the MD5 digest of the UTF-8
     * bytes of {@code textExpr}, read as a big-endian two's-complement number. Every dialect
     * computes the same number for the same text, so checksums compare across databases.
     *
     * @throws UnsupportedOperationException when the database cannot compute it, naming the dialect
     */
    String rowHash(String textExpr);

    /**
     * An SQL expression that orders the key column's values in an order every database agrees on
     * for equal canonical values (for texts: by code point, not by the database's collation), and
     * whose values JDBC reads with {@code getObject} and binds back with {@code setObject}. Key
     * ranges are bounded by values of these expressions.
     *
     * @param column the key column as {@link #readTable} described it; never null
     * @param columnRef the column as it appears in the query, already quoted; never null
     */
    String keyOrder(ColumnDefinition column, String columnRef);

    /**
     * A predicate comparing a key, as a row value in key order, with as many bound parameters as
     * the key has columns: {@code (k1, k2) <= (?, ?)}.
     *
     * @param keyExprs expressions built by {@link #keyOrder}, in key order; never empty
     * @param operator one of {@code <}, {@code <=}, {@code >}, {@code >=}
     */
    String keyComparison(List<String> keyExprs, String operator);
}

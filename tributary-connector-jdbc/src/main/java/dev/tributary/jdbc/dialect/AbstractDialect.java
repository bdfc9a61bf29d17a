package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The standard-SQL parts of a {@link Dialect}: double-quoted identifiers, {@code
 * information_schema} to describe tables, standard DDL, standard SQLState classes, and a generic
 * applier that writes through batched prepared statements. A database overrides what it does
 * differently. Stateless and thread-safe.
 */
public abstract class AbstractDialect implements Dialect {

    @Override
    public Connection connect(String jdbcUrl, Properties properties) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        c.setAutoCommit(false);
        return c;
    }

    /** Double quotes around the name, a double quote inside doubled (SQL standard). */
    @Override
    public String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"}, or {@code "table"}; the catalog is not part of the name. */
    @Override
    public String tableName(TableId table) {
        return table.schema() == null
                ? quote(table.table())
                : quote(table.schema()) + "." + quote(table.table());
    }

    @Override
    public String columnType(DataType type) {
        int n = type.length();
        boolean bounded = n != DataType.UNBOUNDED;
        switch (type.kind()) {
            case BOOLEAN:
                return "boolean";
            case INT16:
                return "smallint";
            case INT32:
                return "integer";
            case INT64:
                return "bigint";
            case FLOAT32:
                return "real";
            case FLOAT64:
                return "double precision";
            case DECIMAL:
                return decimalType(type);
            case STRING:
                return bounded ? "varchar(" + n + ")" : "clob";
            case BYTES:
                return bounded ? "varbinary(" + n + ")" : "blob";
            case DATE:
                return "date";
            case TIME:
                return bounded ? "time(" + n + ")" : "time";
            case TIMESTAMP:
                return bounded ? "timestamp(" + n + ")" : "timestamp";
            case TIMESTAMP_TZ:
                return (bounded ? "timestamp(" + n + ")" : "timestamp") + " with time zone";
            case JSON:
                return "clob";
            case UUID:
                return "char(36)";
            default:
                throw new IllegalArgumentException("no column type for " + type);
        }
    }

    /** {@code numeric(p,s)}, {@code numeric(p)} with scale 0, or {@code numeric} when unbounded. */
    protected String decimalType(DataType type) {
        if (type.precision() == DataType.UNBOUNDED || type.scale() == DataType.UNBOUNDED) {
            return "numeric";
        }
        return "numeric(" + type.precision() + "," + type.scale() + ")";
    }

    @Override
    public DataType storedType(DataType type) {
        return type;
    }

    @Override
    public boolean fits(DataType eventType, DataType columnType) {
        return Widening.lossless(storedType(eventType), columnType);
    }

    // ---- describing tables -------------------------------------------------------------------

    @Override
    public Optional<TableDefinition> readTable(Connection connection, TableId table)
            throws SQLException {
        String schema = table.schema() != null ? table.schema() : connection.getSchema();
        List<ColumnDefinition> columns = new ArrayList<>();
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT column_name, data_type, udt_name, character_maximum_length, numeric_precision,"
                                + " numeric_scale, datetime_precision, is_nullable FROM information_schema.columns"
                                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    NativeType t =
                            new NativeType(
                                    rs.getString(2),
                                    rs.getString(3),
                                    integer(rs, 4),
                                    integer(rs, 5),
                                    integer(rs, 6),
                                    integer(rs, 7));
                    columns.add(
                            new ColumnDefinition(
                                    rs.getString(1),
                                    logicalType(t),
                                    "YES".equalsIgnoreCase(rs.getString(8)),
                                    nativeName(t),
                                    t));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new TableDefinition(table, columns, primaryKey(connection, schema, table.table())));
    }

    private List<String> primaryKey(Connection connection, String schema, String table)
            throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT k.column_name FROM information_schema.table_constraints c"
                                + " JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema"
                                + " AND k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema"
                                + " AND k.table_name = c.table_name"
                                + " WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = ? AND c.table_name = ?"
                                + " ORDER BY k.ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    private static Integer integer(ResultSet rs, int index) throws SQLException {
        int v = rs.getInt(index);
        return rs.wasNull() ? null : v;
    }

    /** The type name shown in messages: the database's own name when it has one. */
    protected String nativeName(NativeType t) {
        return t.udtName() != null ? t.udtName() : t.dataType();
    }

    /**
     * The logical type of a column read from {@code information_schema}, by the standard type
     * names; null when there is none.
     */
    protected DataType logicalType(NativeType t) {
        String name = t.dataType() == null ? "" : t.dataType().toLowerCase(Locale.ROOT);
        switch (name) {
            case "boolean":
                return DataType.of(TypeKind.BOOLEAN);
            case "smallint":
                return DataType.of(TypeKind.INT16);
            case "integer":
                return DataType.of(TypeKind.INT32);
            case "bigint":
                return DataType.of(TypeKind.INT64);
            case "real":
                return DataType.of(TypeKind.FLOAT32);
            case "double precision":
                return DataType.of(TypeKind.FLOAT64);
            case "numeric":
            case "decimal":
                return t.precision() == null
                        ? DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED)
                        : DataType.decimal(t.precision(), t.scale() == null ? 0 : t.scale());
            case "character varying":
            case "character":
                return t.length() == null
                        ? DataType.of(TypeKind.STRING)
                        : DataType.sized(TypeKind.STRING, t.length());
            case "text":
            case "character large object":
                return DataType.of(TypeKind.STRING);
            case "binary large object":
                return DataType.of(TypeKind.BYTES);
            case "date":
                return DataType.of(TypeKind.DATE);
            case "time without time zone":
            case "time":
                return temporal(TypeKind.TIME, t);
            case "timestamp without time zone":
            case "timestamp":
                return temporal(TypeKind.TIMESTAMP, t);
            case "timestamp with time zone":
                return temporal(TypeKind.TIMESTAMP_TZ, t);
            default:
                return null;
        }
    }

    protected static DataType temporal(TypeKind kind, NativeType t) {
        return t.fractionalDigits() == null
                ? DataType.of(kind)
                : DataType.temporal(kind, t.fractionalDigits());
    }

    // ---- DDL -----------------------------------------------------------------------------------

    @Override
    public void createTable(
            Connection connection,
            TableId table,
            List<ColumnDefinition> columns,
            List<String> primaryKey,
            int fillfactor)
            throws SQLException {
        execute(connection, createTableSql(table, columns, primaryKey, fillfactor));
    }

    /**
     * {@code CREATE TABLE t (c type [NOT NULL], ..., PRIMARY KEY (k, ...))}, followed by {@link
     * #storageClause(int)}.
     */
    public String createTableSql(
            TableId table,
            List<ColumnDefinition> columns,
            List<String> primaryKey,
            int fillfactor) {
        StringBuilder b =
                new StringBuilder(createTableKeyword())
                        .append(' ')
                        .append(tableName(table))
                        .append(" (");
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition c = columns.get(i);
            if (i > 0) {
                b.append(", ");
            }
            b.append(quote(c.name())).append(' ').append(columnType(c.type()));
            if (!c.nullable() || primaryKey.contains(c.name())) {
                b.append(" NOT NULL");
            }
        }
        if (!primaryKey.isEmpty()) {
            b.append(", PRIMARY KEY (").append(columnList(primaryKey)).append(')');
        }
        return b.append(')').append(storageClause(fillfactor)).toString();
    }

    /**
     * What follows the column list of {@code CREATE TABLE} to leave {@code 100 - fillfactor}
     * percent of each page free for updates, with a leading space; empty where the database has no
     * such setting or {@code fillfactor} is 100.
     */
    protected String storageClause(int fillfactor) {
        return "";
    }

    /** The words before the table name; {@code CREATE TABLE IF NOT EXISTS} where supported. */
    protected String createTableKeyword() {
        return "CREATE TABLE";
    }

    @Override
    public void addColumn(Connection connection, TableId table, ColumnDefinition column)
            throws SQLException {
        execute(connection, addColumnSql(table, column));
    }

    /** {@code ALTER TABLE t ADD COLUMN c type}; the new column takes nulls. */
    public String addColumnSql(TableId table, ColumnDefinition column) {
        return "ALTER TABLE "
                + tableName(table)
                + " "
                + addColumnKeyword()
                + " "
                + quote(column.name())
                + " "
                + columnType(column.type());
    }

    /** The words before the new column's name; {@code ADD COLUMN IF NOT EXISTS} where supported. */
    protected String addColumnKeyword() {
        return "ADD COLUMN";
    }

    // ---- statements
    // ------------------------------------------------------------------------------

    @Override
    public List<String> commitStatements(TableId commitTable) {
        String t = tableName(commitTable);
        return List.of(
                "SELECT sequence FROM "
                        + t
                        + " WHERE pipeline = ? AND sink = ? AND subtask = ? FOR UPDATE",
                "INSERT INTO "
                        + t
                        + " (pipeline, sink, subtask, sequence, committed_at) VALUES (?, ?, ?, ?, ?)",
                "UPDATE "
                        + t
                        + " SET sequence = ?, committed_at = ? WHERE pipeline = ? AND sink = ? AND subtask = ?");
    }

    /** {@code INSERT INTO t (c, ...) VALUES (?, ...)}. */
    public String insertSql(TableId table, List<ColumnDefinition> columns) {
        StringBuilder b = new StringBuilder("INSERT INTO ").append(tableName(table)).append(" (");
        b.append(columnNames(columns)).append(") VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "?" : ", ?");
        }
        return b.append(')').toString();
    }

    /** {@code UPDATE t SET c = ?, ... WHERE k = ? AND ...}: non-key columns first, then the key. */
    public String updateSql(WriteTarget target) {
        StringBuilder b =
                new StringBuilder("UPDATE ").append(tableName(target.table().id())).append(" SET ");
        boolean first = true;
        for (int i = 0; i < target.columns().size(); i++) {
            if (!target.isKey(i)) {
                b.append(first ? "" : ", ")
                        .append(quote(target.columns().get(i).name()))
                        .append(" = ?");
                first = false;
            }
        }
        return b.append(keyPredicate(target)).toString();
    }

    /** {@code DELETE FROM t WHERE k = ? AND ...}. */
    public String deleteSql(WriteTarget target) {
        return "DELETE FROM " + tableName(target.table().id()) + keyPredicate(target);
    }

    /** {@code TRUNCATE TABLE t}. */
    public String truncateSql(TableId table) {
        return "TRUNCATE TABLE " + tableName(table);
    }

    private String keyPredicate(WriteTarget target) {
        StringBuilder b = new StringBuilder(" WHERE ");
        int[] keys = target.keyPositions();
        for (int k = 0; k < keys.length; k++) {
            b.append(k == 0 ? "" : " AND ")
                    .append(quote(target.columns().get(keys[k]).name()))
                    .append(" = ?");
        }
        return b.toString();
    }

    /** Quoted names joined with commas. */
    public String columnList(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append(b.length() == 0 ? "" : ", ").append(quote(n));
        }
        return b.toString();
    }

    /** Quoted names of the columns joined with commas. */
    public String columnNames(List<ColumnDefinition> columns) {
        StringBuilder b = new StringBuilder();
        for (ColumnDefinition c : columns) {
            b.append(b.length() == 0 ? "" : ", ").append(quote(c.name()));
        }
        return b.toString();
    }

    @Override
    public BatchApplier applier(Connection connection) throws SQLException {
        return new GenericBatchApplier(connection, this);
    }

    /** Binds one value of the generic applier; the value has its logical type's Java class. */
    protected void bind(PreparedStatement ps, int index, Object value, ColumnDefinition column)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType(column.type()));
        } else if (value instanceof byte[]) {
            ps.setBytes(index, (byte[]) value);
        } else if (value instanceof java.util.UUID) {
            ps.setString(index, value.toString());
        } else {
            ps.setObject(index, value);
        }
    }

    /** The {@link Types} code of a logical type, for binding nulls. */
    protected int sqlType(DataType type) {
        if (type == null) {
            return Types.OTHER;
        }
        switch (type.kind()) {
            case BOOLEAN:
                return Types.BOOLEAN;
            case INT16:
                return Types.SMALLINT;
            case INT32:
                return Types.INTEGER;
            case INT64:
                return Types.BIGINT;
            case FLOAT32:
                return Types.REAL;
            case FLOAT64:
                return Types.DOUBLE;
            case DECIMAL:
                return Types.NUMERIC;
            case BYTES:
                return Types.VARBINARY;
            case DATE:
                return Types.DATE;
            case TIME:
                return Types.TIME;
            case TIMESTAMP:
                return Types.TIMESTAMP;
            case TIMESTAMP_TZ:
                return Types.TIMESTAMP_WITH_TIMEZONE;
            default:
                return Types.VARCHAR;
        }
    }

    // ---- failures
    // --------------------------------------------------------------------------------

    /**
     * SQLState classes 08 (connection), 40 (transaction rollback: serialization failure, deadlock),
     * 53 (insufficient resources), 57 (operator intervention, such as a shutdown or restart) and 58
     * (system error) are transient, as are JDBC's transient and recoverable exceptions and failures
     * caused by I/O; classes 22 (data exception) and 23 (integrity constraint violation) mean a
     * refused row.
     */
    @Override
    public FailureKind classify(SQLException failure) {
        if (failure instanceof SQLTransientException
                || failure instanceof SQLRecoverableException) {
            return FailureKind.TRANSIENT;
        }
        String state = failure.getSQLState();
        if (state == null || state.length() < 2) {
            for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    return FailureKind.TRANSIENT;
                }
            }
            return FailureKind.FATAL;
        }
        switch (state.substring(0, 2)) {
            case "08":
            case "40":
            case "53":
            case "57":
            case "58":
                return FailureKind.TRANSIENT;
            case "22":
            case "23":
                return FailureKind.DATA;
            default:
                return FailureKind.FATAL;
        }
    }

    // ---- verifying
    // -------------------------------------------------------------------------------

    /**
     * The JDBC way: auto-commit off, REPEATABLE READ, read-only, and a first query so that the
     * snapshot is taken now rather than at the caller's first query.
     */
    @Override
    public void beginSnapshot(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        } else {
            connection.rollback();
        }
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        execute(connection, snapshotQuery());
    }

    /** A query that reads nothing, run to take the snapshot; {@code SELECT 1} by default. */
    protected String snapshotQuery() {
        return "SELECT 1";
    }

    @Override
    public void endSnapshot(Connection connection) throws SQLException {
        connection.rollback();
        connection.setReadOnly(false);
    }

    /**
     * Booleans as {@code t}/{@code f}, everything else cast to {@code VARCHAR(4000)}: a database
     * whose text forms differ from the canonical ones overrides this.
     */
    @Override
    public String canonicalText(ColumnDefinition column, String columnRef) {
        if (column.type() != null && column.type().kind() == TypeKind.BOOLEAN) {
            return "CASE WHEN " + columnRef + " THEN 't' WHEN NOT " + columnRef + " THEN 'f' END";
        }
        return "CAST(" + columnRef + " AS VARCHAR(4000))";
    }

    @Override
    public String canonicalRow(List<String> canonicalTexts) {
        StringBuilder b = new StringBuilder();
        for (String text : canonicalTexts) {
            b.append(b.length() == 0 ? "" : " || ")
                    .append("COALESCE(CAST(CHAR_LENGTH(")
                    .append(text)
                    .append(") AS VARCHAR(20)) || ':' || ")
                    .append(text)
                    .append(", 'N')");
        }
        return b.toString();
    }

    /** Standard SQL has no digest function; a database that has one overrides this. */
    @Override
    public String rowHash(String textExpr) {
        throw new UnsupportedOperationException(
                "the " + name() + " dialect cannot hash rows in the database, so it cannot verify");
    }

    /** The column itself: a database whose text order depends on a collation overrides this. */
    @Override
    public String keyOrder(ColumnDefinition column, String columnRef) {
        return columnRef;
    }

    /** A row value constructor on both sides, or plain columns for a one-column key. */
    @Override
    public String keyComparison(List<String> keyExprs, String operator) {
        if (!List.of("<", "<=", ">", ">=").contains(operator)) {
            throw new IllegalArgumentException("not a comparison operator: " + operator);
        }
        if (keyExprs.size() == 1) {
            return keyExprs.get(0) + " " + operator + " ?";
        }
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < keyExprs.size(); i++) {
            params.append(i == 0 ? "?" : ", ?");
        }
        return "(" + String.join(", ", keyExprs) + ") " + operator + " (" + params + ")";
    }

    protected static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}

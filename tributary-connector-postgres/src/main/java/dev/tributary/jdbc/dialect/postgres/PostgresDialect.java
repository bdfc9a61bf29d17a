package dev.tributary.jdbc.dialect.postgres;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import dev.tributary.jdbc.dialect.AbstractDialect;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.NativeType;
import dev.tributary.jdbc.dialect.WriteTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * PostgreSQL: its own type names (text, bytea, jsonb, uuid, timestamptz), microsecond temporal
 * precision, {@code IF NOT EXISTS} DDL, and the COPY → staging → set-based upsert fast path.
 * Everything else is the standard SQL of {@link AbstractDialect}. Stateless and thread-safe.
 */
public class PostgresDialect extends AbstractDialect {
    /** PostgreSQL keeps at most microseconds. */
    static final int MAX_FRACTIONAL_DIGITS = 6;

    /** The staging table's column that says whether a row is a key to delete ({@code d}) or not. */
    static final String STAGING_OP = "_tributary_staging_op";

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String urlForm() {
        return "jdbc:postgresql://host:port/database";
    }

    @Override
    public Connection connect(String jdbcUrl, Properties properties) throws SQLException {
        // The driver directly, not DriverManager: Flink's user class loader hides drivers from it.
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, properties);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not accept this URL", "08001");
        }
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public String columnType(DataType type) {
        int n = type.length();
        boolean bounded = n != DataType.UNBOUNDED;
        switch (type.kind()) {
            case STRING:
                return bounded ? "varchar(" + n + ")" : "text";
            case BYTES:
                return "bytea";
            case TIME:
                return "time(" + digits(type) + ")";
            case TIMESTAMP:
                return "timestamp(" + digits(type) + ")";
            case TIMESTAMP_TZ:
                return "timestamptz(" + digits(type) + ")";
            case JSON:
                return "jsonb";
            case UUID:
                return "uuid";
            default:
                return super.columnType(type);
        }
    }

    private static int digits(DataType type) {
        int n = type.length();
        return n == DataType.UNBOUNDED ? MAX_FRACTIONAL_DIGITS : Math.min(n, MAX_FRACTIONAL_DIGITS);
    }

    @Override
    public DataType storedType(DataType type) {
        switch (type.kind()) {
            case BYTES:
                return DataType.of(TypeKind.BYTES);
            case DECIMAL:
                return type.precision() == DataType.UNBOUNDED || type.scale() == DataType.UNBOUNDED
                        ? DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED)
                        : type;
            case TIME:
            case TIMESTAMP:
            case TIMESTAMP_TZ:
                return DataType.temporal(type.kind(), digits(type));
            default:
                return type;
        }
    }

    /**
     * PostgreSQL's {@code information_schema} reports the standard type names the base maps; only
     * the types the standard does not name are mapped here by their {@code udt_name}. {@code
     * timetz}, arrays and user-defined types stay unmapped (null), so events cannot silently lose
     * their offset or shape.
     */
    @Override
    protected DataType logicalType(NativeType t) {
        String udt = t.udtName() == null ? "" : t.udtName().toLowerCase(Locale.ROOT);
        switch (udt) {
            case "bytea":
                return DataType.of(TypeKind.BYTES);
            case "json":
            case "jsonb":
                return DataType.of(TypeKind.JSON);
            case "uuid":
                return DataType.of(TypeKind.UUID);
            default:
                return super.logicalType(t);
        }
    }

    /** The logical type of a column as {@code information_schema} describes it; for tests. */
    DataType logicalTypeOf(NativeType t) {
        return logicalType(t);
    }

    @Override
    protected String createTableKeyword() {
        return "CREATE TABLE IF NOT EXISTS";
    }

    @Override
    public void createTable(
            Connection connection,
            TableId table,
            List<ColumnDefinition> columns,
            List<String> primaryKey,
            int fillfactor)
            throws SQLException {
        if (table.schema() != null) {
            execute(connection, "CREATE SCHEMA IF NOT EXISTS " + quote(table.schema()));
        }
        super.createTable(connection, table, columns, primaryKey, fillfactor);
    }

    @Override
    protected String storageClause(int fillfactor) {
        if (fillfactor < 10 || fillfactor > 100) {
            throw new IllegalArgumentException("fillfactor must be 10 to 100, was " + fillfactor);
        }
        return fillfactor == PACKED ? "" : " WITH (fillfactor = " + fillfactor + ")";
    }

    @Override
    protected String addColumnKeyword() {
        return "ADD COLUMN IF NOT EXISTS";
    }

    @Override
    public BatchApplier applier(Connection connection) throws SQLException {
        return new PostgresCopyApplier(connection, this);
    }

    // ---- statements of the fast path
    // ----------------------------------------------------------------

    /**
     * A temporary staging table with the target's column types (but none of its constraints) and
     * the op column first; emptied at each commit.
     */
    public String createStagingSql(String staging, WriteTarget target) {
        return "CREATE TEMPORARY TABLE "
                + quote(staging)
                + " ON COMMIT DELETE ROWS AS SELECT CAST(NULL AS char(1)) AS "
                + quote(STAGING_OP)
                + ", "
                + columnNames(target.columns())
                + " FROM "
                + tableName(target.table().id())
                + " WITH NO DATA";
    }

    /** {@code COPY staging (op, cols) FROM STDIN}. */
    public String copyIntoStagingSql(String staging, WriteTarget target) {
        return "COPY "
                + quote(staging)
                + " ("
                + quote(STAGING_OP)
                + ", "
                + columnNames(target.columns())
                + ") FROM STDIN";
    }

    /** {@code COPY target (cols) FROM STDIN}. */
    public String copySql(WriteTarget target) {
        return "COPY "
                + tableName(target.table().id())
                + " ("
                + columnNames(target.columns())
                + ") FROM STDIN";
    }

    /**
     * Deletes the target rows whose key is staged: only the staged deletes when the key is the
     * primary key (upserts resolve conflicts), every staged key otherwise (rows are then replaced
     * by insert).
     */
    public String deleteFromStagingSql(String staging, WriteTarget target) {
        StringBuilder b =
                new StringBuilder("DELETE FROM ")
                        .append(tableName(target.table().id()))
                        .append(" t USING ")
                        .append(quote(staging))
                        .append(" s WHERE ");
        if (target.keyIsPrimaryKey()) {
            b.append("s.").append(quote(STAGING_OP)).append(" = 'd' AND ");
        }
        int[] keys = target.keyPositions();
        for (int k = 0; k < keys.length; k++) {
            String c = quote(target.columns().get(keys[k]).name());
            b.append(k == 0 ? "" : " AND ").append("t.").append(c).append(" = s.").append(c);
        }
        return b.toString();
    }

    /**
     * Inserts the staged rows that are not deletes; with the primary key as key, a row whose key
     * exists replaces the columns the events carry ({@code ON CONFLICT ... DO UPDATE}).
     */
    public String upsertFromStagingSql(String staging, WriteTarget target) {
        String cols = columnNames(target.columns());
        StringBuilder b =
                new StringBuilder("INSERT INTO ")
                        .append(tableName(target.table().id()))
                        .append(" (")
                        .append(cols)
                        .append(") SELECT ")
                        .append(cols)
                        .append(" FROM ")
                        .append(quote(staging))
                        .append(" WHERE ")
                        .append(quote(STAGING_OP))
                        .append(" <> 'd'");
        if (!target.keyIsPrimaryKey()) {
            return b.toString();
        }
        b.append(" ON CONFLICT (");
        int[] keys = target.keyPositions();
        for (int k = 0; k < keys.length; k++) {
            b.append(k == 0 ? "" : ", ").append(quote(target.columns().get(keys[k]).name()));
        }
        b.append(") DO ");
        boolean any = false;
        for (int i = 0; i < target.columns().size(); i++) {
            if (!target.isKey(i)) {
                String c = quote(target.columns().get(i).name());
                b.append(any ? ", " : "UPDATE SET ").append(c).append(" = EXCLUDED.").append(c);
                any = true;
            }
        }
        if (!any) {
            b.append("NOTHING");
        }
        return b.toString();
    }

    /** {@code SELECT EXISTS (SELECT 1 FROM t)}: true when the table holds a row. */
    public String holdsRowsSql(TableId table) {
        return "SELECT EXISTS (SELECT 1 FROM " + tableName(table) + ")";
    }

    /** {@code TRUNCATE staging}. */
    public String truncateStagingSql(String staging) {
        return "TRUNCATE " + quote(staging);
    }

    // ---- verifying
    // -------------------------------------------------------------------------------

    /**
     * With auto-commit off the driver opens the transaction itself (a plain {@code BEGIN}), so the
     * first statement sets what {@code BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY} would. The
     * {@code SET LOCAL}s fix the text forms that {@link #canonicalText} relies on, whatever the
     * server's or the role's defaults; they end with the transaction. The closing {@code SELECT}
     * takes the snapshot.
     */
    @Override
    public void beginSnapshot(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        } else {
            connection.rollback();
        }
        execute(
                connection,
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
                        + " SET LOCAL DateStyle = 'ISO, YMD';"
                        + " SET LOCAL IntervalStyle = 'postgres';"
                        + " SET LOCAL extra_float_digits = 1;"
                        + " SET LOCAL TimeZone = 'UTC';"
                        + " SELECT 1");
    }

    @Override
    public void endSnapshot(Connection connection) throws SQLException {
        connection.rollback();
    }

    /**
     * By the column's own type: {@code numeric} and {@code money} through {@code trim_scale},
     * floats in their shortest exact text ({@code extra_float_digits = 1}), {@code bytea} as hex,
     * json through {@code jsonb}, arrays through {@code to_jsonb}, {@code timestamptz} as UTC epoch
     * microseconds, uuids in lower case, and everything else (text types, enums, date, time,
     * timestamp in ISO DateStyle, intervals) as its text.
     */
    @Override
    public String canonicalText(ColumnDefinition column, String columnRef) {
        NativeType t = column.catalogType();
        if (t != null && "ARRAY".equalsIgnoreCase(t.dataType())) {
            return "to_jsonb(" + columnRef + ")::text";
        }
        String udt =
                column.nativeType() == null ? "" : column.nativeType().toLowerCase(Locale.ROOT);
        switch (udt) {
            case "bool":
                return "CASE WHEN "
                        + columnRef
                        + " THEN 't' WHEN NOT "
                        + columnRef
                        + " THEN 'f' END";
            case "numeric":
                return "trim_scale(" + columnRef + ")::text";
            case "money":
                return "trim_scale(" + columnRef + "::numeric)::text";
            case "bytea":
                return "encode(" + columnRef + ", 'hex')";
            case "json":
            case "jsonb":
                return columnRef + "::jsonb::text";
            case "uuid":
                return "lower(" + columnRef + "::text)";
            case "timestamptz":
                return "CASE WHEN isfinite("
                        + columnRef
                        + ") THEN (extract(epoch FROM "
                        + columnRef
                        + ") * 1000000)::bigint::text ELSE "
                        + columnRef
                        + "::text END";
            default:
                return columnRef + "::text";
        }
    }

    /** The first 16 hex digits of {@code md5} as a {@code bit(64)}, read as a {@code bigint}. */
    @Override
    public String rowHash(String textExpr) {
        return "('x' || substr(md5(" + textExpr + "), 1, 16))::bit(64)::bigint";
    }

    /**
     * Texts compare in the {@code C} collation (by code point), whatever the column's collation;
     * {@code money} as {@code numeric}; enums and other types without a logical type as their text,
     * so that an enum key and a text key order alike.
     */
    @Override
    public String keyOrder(ColumnDefinition column, String columnRef) {
        String udt =
                column.nativeType() == null ? "" : column.nativeType().toLowerCase(Locale.ROOT);
        if (udt.equals("money")) {
            return "(" + columnRef + "::numeric)";
        }
        DataType type = column.type();
        if (type == null || type.kind() == TypeKind.JSON) {
            return "(" + columnRef + "::text COLLATE \"C\")";
        }
        if (type.kind() == TypeKind.STRING) {
            return "(" + columnRef + " COLLATE \"C\")";
        }
        return columnRef;
    }
}

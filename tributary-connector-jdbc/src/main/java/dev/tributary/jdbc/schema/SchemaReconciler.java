package dev.tributary.jdbc.schema;

import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.TableDefinition;
import dev.tributary.jdbc.dialect.WriteTarget;
import dev.tributary.jdbc.writer.Change;
import dev.tributary.jdbc.writer.TableBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings target tables in line with the events bound for them and decides, once per (table, mode,
 * event schema), how such events are written: creates missing tables (create-tables), adds columns
 * (evolve-schema), and rejects what the table cannot take without loss. Reads each table's
 * definition once and again after its own DDL; plans are cached until then. Not thread-safe: one
 * per committer.
 */
public final class SchemaReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaReconciler.class);

    private record PlanKey(WriteMode mode, TableSchema schema) {}

    /**
     * What is known of one table: its definition (null when missing) and the plans made against it.
     */
    private static final class TableState {
        final TableDefinition definition;
        final Map<PlanKey, WritePlan> plans = new HashMap<>();

        TableState(TableDefinition definition) {
            this.definition = definition;
        }
    }

    private final Dialect dialect;
    private final JdbcSinkConfig config;
    private final Map<TableId, TableState> tables = new HashMap<>();

    public SchemaReconciler(Dialect dialect, JdbcSinkConfig config) {
        this.dialect = dialect;
        this.config = config;
    }

    /**
     * Plans every event schema of {@code batch}, running and committing DDL where needed. Call it
     * before the transaction that writes the rows.
     */
    public TablePlans prepare(Connection connection, TableBatch batch) throws SQLException {
        if (batch.target().catalog() != null) {
            return outsideTheDatabase(batch);
        }
        Map<TableSchema, WritePlan> plans = new HashMap<>();
        TableSchema last = null;
        for (Change change : batch.changes()) {
            TableSchema schema = change.event().schema();
            // A truncate's schema says nothing of the rows (often it has no columns): never plan
            // or create a table from it.
            if (change.kind() == Change.Kind.TRUNCATE
                    || schema == last
                    || plans.containsKey(schema)) {
                continue;
            }
            last = schema;
            plans.put(schema, plan(connection, batch.target(), batch.mode(), schema));
        }
        return new TablePlans(state(connection, batch.target()).definition, plans, null);
    }

    /**
     * A target with a catalog part ({@code db.schema.table}) lies outside the database of the url,
     * which is the only one the sink writes to. Without this, the catalog part would be dropped and
     * the rows written to {@code schema.table}: two source databases' tables of the same name would
     * silently land in one target. So every change for it, a truncate too, goes to the error table,
     * and nothing of the target is read, created or truncated.
     */
    private static TablePlans outsideTheDatabase(TableBatch batch) {
        WritePlan rejected =
                WritePlan.rejected(
                        ErrorKind.UNSUPPORTED,
                        "target "
                                + batch.target()
                                + " names a database or catalog ('"
                                + batch.target().catalog()
                                + "'), but the jdbc sink writes into the database of its url only:"
                                + " give the table rule's target as schema.table");
        Map<TableSchema, WritePlan> plans = new HashMap<>();
        for (Change change : batch.changes()) {
            plans.put(change.event().schema(), rejected);
        }
        return new TablePlans(null, plans, rejected);
    }

    /** The plan for writing error records; creates the error table when it is missing. */
    public WritePlan errorPlan(Connection connection) throws SQLException {
        WritePlan p =
                plan(
                        connection,
                        config.errorTable(),
                        WriteMode.INSERT,
                        dev.tributary.api.event.ErrorRecord.SCHEMA);
        if (p.isRejected()) {
            throw new IllegalStateException(
                    "the error table "
                            + config.errorTable()
                            + " cannot take error records: "
                            + p.reason());
        }
        return p;
    }

    /** Forgets every table definition and plan, after a failed transaction may have undone DDL. */
    public void invalidate() {
        tables.clear();
    }

    private TableState state(Connection connection, TableId table) throws SQLException {
        TableState s = tables.get(table);
        if (s == null) {
            s = new TableState(dialect.readTable(connection, table).orElse(null));
            tables.put(table, s);
        }
        return s;
    }

    private TableState reread(Connection connection, TableId table) throws SQLException {
        TableState s = new TableState(dialect.readTable(connection, table).orElse(null));
        tables.put(table, s);
        return s;
    }

    private WritePlan plan(Connection connection, TableId table, WriteMode mode, TableSchema schema)
            throws SQLException {
        PlanKey key = new PlanKey(mode, schema);
        TableState s = state(connection, table);
        WritePlan p = s.plans.get(key);
        if (p != null) {
            return p;
        }
        if (schema.typed() && needsDdl(s.definition, mode, schema)) {
            s = applyDdl(connection, table, mode, schema, s);
        }
        p = decide(table, s.definition, mode, schema);
        s.plans.put(key, p);
        return p;
    }

    // ---- DDL
    // ------------------------------------------------------------------------------------------

    private boolean needsDdl(TableDefinition def, WriteMode mode, TableSchema schema) {
        if (def == null) {
            return config.createTables();
        }
        return config.evolveSchema() && !missingColumns(def, mode, schema).isEmpty();
    }

    private TableState applyDdl(
            Connection connection, TableId table, WriteMode mode, TableSchema schema, TableState s)
            throws SQLException {
        try {
            if (s.definition == null) {
                List<ColumnDefinition> columns = desiredColumns(mode, schema);
                List<String> key = mode == WriteMode.UPSERT ? schema.primaryKey() : List.of();
                // A mirror is updated in place: free space per page lets PostgreSQL update rows
                // without a new index entry (HOT), which also keeps the table from bloating.
                int fillfactor =
                        mode == WriteMode.UPSERT ? config.upsertFillfactor() : Dialect.PACKED;
                LOG.info(
                        "creating table {} with columns {}, {} and fill factor {}",
                        table,
                        columns,
                        key.isEmpty()
                                ? "no primary key (one row per change)"
                                : "primary key " + key,
                        fillfactor);
                dialect.createTable(connection, table, columns, key, fillfactor);
            } else {
                for (ColumnDefinition c : missingColumns(s.definition, mode, schema)) {
                    LOG.info("adding column {} to table {}", c, table);
                    dialect.addColumn(connection, table, c);
                }
            }
            // DDL is committed at once, so that a later failure cannot undo what the cache
            // believes.
            connection.commit();
        } catch (SQLException e) {
            // Another subtask may have made the same change a moment ago: look again before
            // failing.
            connection.rollback();
            TableState again = reread(connection, table);
            if (again.definition != null
                    && missingColumns(again.definition, mode, schema).isEmpty()) {
                return again;
            }
            throw e;
        }
        return reread(connection, table);
    }

    /** The columns a table for these events has: nullable ones in append mode, plus metadata. */
    private static List<ColumnDefinition> desiredColumns(WriteMode mode, TableSchema schema) {
        List<ColumnDefinition> columns = new ArrayList<>();
        for (Column c : schema.columns()) {
            boolean nullable = mode == WriteMode.APPEND || c.nullable();
            columns.add(new ColumnDefinition(c.name(), c.type(), nullable, null));
        }
        if (mode == WriteMode.APPEND) {
            columns.addAll(AppendColumns.COLUMNS);
        }
        return columns;
    }

    private static List<ColumnDefinition> missingColumns(
            TableDefinition def, WriteMode mode, TableSchema schema) {
        List<ColumnDefinition> missing = new ArrayList<>();
        for (ColumnDefinition c : desiredColumns(mode, schema)) {
            if (find(def, c.name()) == null) {
                missing.add(new ColumnDefinition(c.name(), c.type(), true, null));
            }
        }
        return missing;
    }

    /**
     * The column by exact name, else the only one equal ignoring case (unquoted DDL folds case).
     */
    private static ColumnDefinition find(TableDefinition def, String name) {
        ColumnDefinition c = def.column(name);
        if (c != null) {
            return c;
        }
        ColumnDefinition found = null;
        for (ColumnDefinition d : def.columns()) {
            if (d.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                if (found != null) {
                    return null;
                }
                found = d;
            }
        }
        return found;
    }

    // ---- decisions
    // ----------------------------------------------------------------------------------

    private WritePlan decide(
            TableId table, TableDefinition def, WriteMode mode, TableSchema schema) {
        if (def == null) {
            if (!schema.typed()) {
                return WritePlan.rejected(
                        ErrorKind.SCHEMA_MISMATCH,
                        "table "
                                + table
                                + " does not exist and the"
                                + " events carry no column types, so it cannot be created: declare `columns:` for this"
                                + " table in the pipeline file, or create the table");
            }
            return WritePlan.rejected(
                    ErrorKind.SCHEMA_MISMATCH,
                    "table " + table + " does not exist and create-tables is false");
        }
        List<ColumnDefinition> written = new ArrayList<>();
        int n = schema.size();
        int[] source = new int[n];
        DataType[] coerce = schema.typed() ? null : new DataType[n];
        for (int i = 0; i < n; i++) {
            Column c = schema.column(i);
            ColumnDefinition target = find(def, c.name());
            if (target == null) {
                return WritePlan.rejected(
                        ErrorKind.SCHEMA_MISMATCH,
                        "column "
                                + c.name()
                                + " is not in table "
                                + table
                                + (schema.typed()
                                        ? " and evolve-schema is false"
                                        : " (events without column types"
                                                + " cannot add columns)"));
            }
            if (c.typed()) {
                if (!dialect.fits(c.type(), target.type())) {
                    return WritePlan.rejected(
                            ErrorKind.INCOMPATIBLE_SCHEMA_CHANGE,
                            "column "
                                    + c.name()
                                    + ": "
                                    + c.type()
                                    + " does not fit "
                                    + target.nativeType()
                                    + " ("
                                    + (target.type() == null ? "no logical type" : target.type())
                                    + ") of table "
                                    + table
                                    + " without loss");
                }
            } else {
                if (target.type() == null) {
                    return WritePlan.rejected(
                            ErrorKind.SCHEMA_MISMATCH,
                            "column "
                                    + c.name()
                                    + " of table "
                                    + table
                                    + " has type "
                                    + target.nativeType()
                                    + ", which untyped values cannot be"
                                    + " converted to");
                }
                coerce[i] = target.type();
            }
            source[i] = i;
            written.add(target);
        }
        boolean metadata = mode == WriteMode.APPEND;
        if (metadata) {
            for (ColumnDefinition m : AppendColumns.COLUMNS) {
                ColumnDefinition target = find(def, m.name());
                if (target == null) {
                    return WritePlan.rejected(
                            ErrorKind.SCHEMA_MISMATCH,
                            "append table "
                                    + table
                                    + " lacks the metadata column "
                                    + m.name()
                                    + " and evolve-schema is false");
                }
                written.add(target);
            }
        }
        int[] key = new int[0];
        boolean keyIsPrimaryKey = false;
        if (mode == WriteMode.UPSERT) {
            List<String> keyNames =
                    def.primaryKey().isEmpty() ? schema.primaryKey() : def.primaryKey();
            if (keyNames.isEmpty()) {
                return WritePlan.rejected(
                        ErrorKind.MISSING_KEY,
                        "upserts and deletes need a key, and neither the"
                                + " events nor table "
                                + table
                                + " declare one (declare `key:` in the pipeline file)");
            }
            key = new int[keyNames.size()];
            for (int k = 0; k < key.length; k++) {
                key[k] = indexOf(written, keyNames.get(k), n);
                if (key[k] < 0) {
                    return WritePlan.rejected(
                            ErrorKind.INCOMPATIBLE_SCHEMA_CHANGE,
                            "primary key column "
                                    + keyNames.get(k)
                                    + " of table "
                                    + table
                                    + " is missing from the event schema "
                                    + schema.columnNames());
                }
            }
            keyIsPrimaryKey = !def.primaryKey().isEmpty();
        }
        return WritePlan.accepted(
                new WriteTarget(def, written, key, keyIsPrimaryKey), source, coerce, metadata, n);
    }

    private static int indexOf(List<ColumnDefinition> written, String name, int limit) {
        for (int i = 0; i < limit; i++) {
            if (written.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}

package dev.tributary.postgres.cdc;

import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tables a source captures: the ordinary and partitioned tables (never single partitions) whose
 * {@code schema.table} name matches an include pattern and no exclude pattern, each checked to have
 * a key and a replica identity that lets PostgreSQL publish its updates and deletes.
 */
final class CapturedTables {
    private static final String TABLES =
            "SELECT n.nspname, c.relname, c.relkind = 'p', c.relreplident,"
                    + " EXISTS (SELECT 1 FROM pg_constraint k"
                    + " WHERE k.conrelid = c.oid AND k.contype = 'p')"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
                    + " ORDER BY 1, 2";

    private static final String COLUMNS =
            "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0"
                    + " AND NOT a.attisdropped";

    private final List<TableId> tables;
    private final boolean anyPartitioned;

    private CapturedTables(List<TableId> tables, boolean anyPartitioned) {
        this.tables = List.copyOf(tables);
        this.anyPartitioned = anyPartitioned;
    }

    /** The captured tables, ordered by schema and name. */
    List<TableId> tables() {
        return tables;
    }

    /** True when a captured table is partitioned (published through its root). */
    boolean anyPartitioned() {
        return anyPartitioned;
    }

    /** Names the keys of the options whose values a message names. */
    record Keys(String include, String exclude, String keyColumns) {}

    /**
     * @throws ConfigException when no table matches, or a matched table has no usable key
     */
    static CapturedTables resolve(
            Connection connection,
            List<Pattern> include,
            List<Pattern> exclude,
            KeyColumns keyColumns,
            Keys keys)
            throws SQLException {
        List<TableId> tables = new ArrayList<>();
        boolean partitioned = false;
        Set<String> seen = new TreeSet<>();
        try (PreparedStatement s = connection.prepareStatement(TABLES);
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                TableId table = TableId.of(rows.getString(1), rows.getString(2));
                String name = table.text();
                seen.add(name);
                if (!matches(include, name) || matches(exclude, name)) {
                    continue;
                }
                checkKey(table, rows.getBoolean(5), rows.getString(4), keyColumns, keys);
                tables.add(table);
                partitioned |= rows.getBoolean(3);
            }
        }
        if (tables.isEmpty()) {
            throw new ConfigException(
                    keys.include()
                            + ": no table matches "
                            + include
                            + (exclude.isEmpty()
                                    ? ""
                                    : " (less " + keys.exclude() + " " + exclude + ")")
                            + "; the database has "
                            + (seen.isEmpty() ? "no tables" : "the tables " + seen));
        }
        for (TableId keyed : keyColumns.tables()) {
            if (!tables.contains(keyed)) {
                throw new ConfigException(
                        keys.keyColumns()
                                + ": "
                                + keyed
                                + " is not among the captured tables "
                                + tables);
            }
            checkColumns(connection, keyed, keyColumns.of(keyed), keys);
        }
        return new CapturedTables(tables, partitioned);
    }

    static boolean matches(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static void checkKey(
            TableId table,
            boolean hasPrimaryKey,
            String identity,
            KeyColumns keyColumns,
            Keys keys) {
        if (!hasPrimaryKey && keyColumns.of(table) == null) {
            throw new ConfigException(
                    "table "
                            + table
                            + " has no primary key: give its key in "
                            + keys.keyColumns()
                            + " (such as "
                            + table
                            + ":id), add a primary key, or leave it out with "
                            + keys.exclude());
        }
        // Without a replica identity PostgreSQL refuses UPDATE and DELETE on a published table.
        boolean publishable = "f".equals(identity) || "i".equals(identity);
        publishable |= "d".equals(identity) && hasPrimaryKey;
        if (!publishable) {
            throw new ConfigException(
                    "table "
                            + table
                            + " has no replica identity that carries its key, so PostgreSQL could not"
                            + " publish its updates and deletes: run ALTER TABLE "
                            + Identifiers.quote(table)
                            + " REPLICA IDENTITY FULL");
        }
    }

    private static void checkColumns(
            Connection connection, TableId table, List<String> columns, Keys keys)
            throws SQLException {
        Set<String> existing = new TreeSet<>();
        try (PreparedStatement s = connection.prepareStatement(COLUMNS)) {
            s.setString(1, table.schema());
            s.setString(2, table.table());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
        }
        for (String column : columns) {
            if (!existing.contains(column)) {
                throw new ConfigException(
                        keys.keyColumns()
                                + ": table "
                                + table
                                + " has no column '"
                                + column
                                + "'; its columns are "
                                + existing);
            }
        }
    }
}

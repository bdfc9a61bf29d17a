package dev.tributary.api.event;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered columns of a table and its primary key. Rows are {@code Object[]} aligned with {@link
 * #columns()}. Immutable; decoders should cache and reuse instances (equal schemas are equal
 * objects by {@link #equals}), so that sinks can cache per-schema work by identity or equality.
 */
public final class TableSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No columns and no key: the schema of events that carry no rows, such as a truncate. */
    public static final TableSchema EMPTY = new TableSchema(List.of(), List.of());

    private final List<Column> columns;
    private final List<String> primaryKey;
    private final int[] keyIndexes;
    private final Map<String, Integer> indexByName;
    private final boolean typed;
    private final int hash;

    public TableSchema(List<Column> columns, List<String> primaryKey) {
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.primaryKey = Collections.unmodifiableList(new ArrayList<>(primaryKey));
        this.indexByName = new HashMap<>();
        boolean allTyped = true;
        for (int i = 0; i < columns.size(); i++) {
            if (indexByName.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException(
                        "column " + columns.get(i).name() + " appears twice");
            }
            allTyped &= columns.get(i).typed();
        }
        this.typed = allTyped;
        this.keyIndexes = new int[primaryKey.size()];
        for (int k = 0; k < keyIndexes.length; k++) {
            Integer idx = indexByName.get(primaryKey.get(k));
            if (idx == null) {
                throw new IllegalArgumentException(
                        "key column "
                                + primaryKey.get(k)
                                + " is not among the columns "
                                + columnNames());
            }
            keyIndexes[k] = idx;
        }
        this.hash = this.columns.hashCode() * 31 + this.primaryKey.hashCode();
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** Primary key column names in key order; empty when the table has none. */
    public List<String> primaryKey() {
        return primaryKey;
    }

    public boolean hasKey() {
        return keyIndexes.length > 0;
    }

    /** Positions of the key columns within a row, in key order. Do not modify. */
    public int[] keyIndexes() {
        return keyIndexes;
    }

    /** Position of the named column, or -1. */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    /** True when every column has a logical type. */
    public boolean typed() {
        return typed;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }

    /** This schema with another primary key (used when the pipeline file declares the key). */
    public TableSchema withPrimaryKey(List<String> key) {
        return new TableSchema(columns, key);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TableSchema)) {
            return false;
        }
        TableSchema s = (TableSchema) o;
        return hash == s.hash && columns.equals(s.columns) && primaryKey.equals(s.primaryKey);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return columns + " key " + primaryKey;
    }
}

package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.TableId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A target table as the database describes it: columns in order and the primary key. Immutable. */
public final class TableDefinition {
    private final TableId id;
    private final List<ColumnDefinition> columns;
    private final List<String> primaryKey;
    private final Map<String, ColumnDefinition> byName = new HashMap<>();

    public TableDefinition(TableId id, List<ColumnDefinition> columns, List<String> primaryKey) {
        this.id = Objects.requireNonNull(id, "id");
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        for (ColumnDefinition c : columns) {
            byName.put(c.name(), c);
        }
    }

    public TableId id() {
        return id;
    }

    public List<ColumnDefinition> columns() {
        return columns;
    }

    /** Primary key column names in key order; empty when the table has none. */
    public List<String> primaryKey() {
        return primaryKey;
    }

    /** The named column, or null. */
    public ColumnDefinition column(String name) {
        return byName.get(name);
    }

    @Override
    public String toString() {
        return id + " " + columns + " key " + primaryKey;
    }
}

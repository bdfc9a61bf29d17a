package dev.tributary.jdbc.dialect;

import java.util.List;
import java.util.Objects;

/**
 * What one set-based write goes to: the table, the columns each row carries (in row order), and for
 * upserts the positions of the key columns within those columns. Immutable.
 */
public final class WriteTarget {
    private final TableDefinition table;
    private final List<ColumnDefinition> columns;
    private final int[] keyPositions;
    private final boolean keyIsPrimaryKey;

    /**
     * @param table the target table
     * @param columns the columns every row carries, in row order
     * @param keyPositions positions of the key columns within {@code columns}; empty for inserts
     * @param keyIsPrimaryKey true when the key is the table's primary key, so the database can
     *     detect conflicts itself (an upsert); false when rows are matched by the key without a
     *     constraint (then an upsert is a delete followed by an insert)
     */
    public WriteTarget(
            TableDefinition table,
            List<ColumnDefinition> columns,
            int[] keyPositions,
            boolean keyIsPrimaryKey) {
        this.table = Objects.requireNonNull(table, "table");
        this.columns = List.copyOf(columns);
        this.keyPositions = keyPositions.clone();
        this.keyIsPrimaryKey = keyIsPrimaryKey;
    }

    public TableDefinition table() {
        return table;
    }

    public List<ColumnDefinition> columns() {
        return columns;
    }

    /** Do not modify. */
    public int[] keyPositions() {
        return keyPositions;
    }

    public boolean keyIsPrimaryKey() {
        return keyIsPrimaryKey;
    }

    /** True when {@code position} is one of the key positions. */
    public boolean isKey(int position) {
        for (int k : keyPositions) {
            if (k == position) {
                return true;
            }
        }
        return false;
    }

    /** Same table, columns and key: the dialect may reuse statements and staging tables. */
    public String shapeKey() {
        StringBuilder b = new StringBuilder(table.id().text()).append('|');
        for (ColumnDefinition c : columns) {
            b.append(c.name()).append('\u0001');
        }
        b.append('|');
        for (int k : keyPositions) {
            b.append(k).append(',');
        }
        return b.append(keyIsPrimaryKey).toString();
    }
}

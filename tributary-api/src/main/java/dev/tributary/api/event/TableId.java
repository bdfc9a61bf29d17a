package dev.tributary.api.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names a table: an optional catalog (database or topic prefix), an optional schema and the table.
 *
 * <p>{@link #toString()} joins the present parts with dots, so a Kafka topic named in Debezium's
 * {@code <prefix>.<schema>.<table>} style and the table id parsed from it print the same. Immutable
 * and thread-safe.
 */
public final class TableId implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String catalog;
    private final String schema;
    private final String table;
    private final String text;

    public TableId(String catalog, String schema, String table) {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("a table id needs a table name");
        }
        this.catalog = catalog;
        this.schema = schema;
        this.table = table;
        StringBuilder b = new StringBuilder();
        if (catalog != null) {
            b.append(catalog).append('.');
        }
        if (schema != null) {
            b.append(schema).append('.');
        }
        this.text = b.append(table).toString();
    }

    public static TableId of(String schema, String table) {
        return new TableId(null, schema, table);
    }

    /**
     * Parses {@code table}, {@code schema.table} or {@code catalog.schema.table}; a name with more
     * than three dot-separated parts keeps the extra parts in the catalog.
     */
    public static TableId parse(String text) {
        int last = text.lastIndexOf('.');
        if (last < 0) {
            return new TableId(null, null, text);
        }
        String table = text.substring(last + 1);
        String rest = text.substring(0, last);
        int prev = rest.lastIndexOf('.');
        if (prev < 0) {
            return new TableId(null, rest, table);
        }
        return new TableId(rest.substring(0, prev), rest.substring(prev + 1), table);
    }

    /** The catalog, or null. */
    public String catalog() {
        return catalog;
    }

    /** The schema, or null. */
    public String schema() {
        return schema;
    }

    public String table() {
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableId && ((TableId) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Equal to {@link #toString()}; kept for readability at call sites that build names. */
    public String text() {
        return Objects.requireNonNull(text);
    }
}

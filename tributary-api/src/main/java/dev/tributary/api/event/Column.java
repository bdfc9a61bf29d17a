package dev.tributary.api.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * One column of a {@link TableSchema}. The type is null when the source did not say (plain JSON or
 * Debezium JSON without the schema envelope): the row then carries the JSON values as read, and the
 * sink resolves them against the target table's types with {@link LooseValues}.
 */
public final class Column implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final DataType type;
    private final boolean nullable;

    public Column(String name, DataType type, boolean nullable) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.nullable = nullable;
    }

    public static Column untyped(String name) {
        return new Column(name, null, true);
    }

    public String name() {
        return name;
    }

    /** The logical type, or null when the source did not declare one. */
    public DataType type() {
        return type;
    }

    public boolean typed() {
        return type != null;
    }

    public boolean nullable() {
        return nullable;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column)) {
            return false;
        }
        Column c = (Column) o;
        return name.equals(c.name) && Objects.equals(type, c.type) && nullable == c.nullable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, nullable);
    }

    @Override
    public String toString() {
        return name + " " + (type == null ? "?" : type) + (nullable ? "" : " NOT NULL");
    }
}

package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.DataType;
import java.util.Objects;

/**
 * One column of a target table: its name, its logical type (null when the database type has no
 * logical counterpart, such as a PostgreSQL {@code point}), whether it takes nulls, and the
 * database's own type name. Immutable.
 */
public final class ColumnDefinition {
    private final String name;
    private final DataType type;
    private final boolean nullable;
    private final String nativeType;

    public ColumnDefinition(String name, DataType type, boolean nullable, String nativeType) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.nullable = nullable;
        this.nativeType = nativeType;
    }

    public String name() {
        return name;
    }

    /** The logical type, or null when the database type is not mapped. */
    public DataType type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    /** The database's type name as read, or null for columns not read from a database. */
    public String nativeType() {
        return nativeType;
    }

    @Override
    public String toString() {
        return name + " " + (nativeType != null ? nativeType : String.valueOf(type));
    }
}

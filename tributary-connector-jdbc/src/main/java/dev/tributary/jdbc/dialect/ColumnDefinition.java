package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.DataType;
import java.util.Objects;

/**
 * One column of a table: its name, its logical type (null when the database type has no logical
 * counterpart, such as a PostgreSQL {@code point}), whether it takes nulls, the database's own type
 * name, and, for columns read from a catalog, the type as the catalog describes it. Immutable.
 */
public final class ColumnDefinition {
    private final String name;
    private final DataType type;
    private final boolean nullable;
    private final String nativeType;
    private final NativeType catalogType;

    public ColumnDefinition(String name, DataType type, boolean nullable, String nativeType) {
        this(name, type, nullable, nativeType, null);
    }

    /**
     * @param catalogType the type as the catalog describes it; null for columns not read from a
     *     database
     */
    public ColumnDefinition(
            String name,
            DataType type,
            boolean nullable,
            String nativeType,
            NativeType catalogType) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.nullable = nullable;
        this.nativeType = nativeType;
        this.catalogType = catalogType;
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

    /**
     * The type as the catalog describes it (standard name, the database's own name, sizes), or null
     * for columns not read from a database.
     */
    public NativeType catalogType() {
        return catalogType;
    }

    @Override
    public String toString() {
        return name + " " + (nativeType != null ? nativeType : String.valueOf(type));
    }
}

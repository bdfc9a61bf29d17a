package dev.tributary.kafka.format;

/**
 * The columns of a Debezium envelope's row struct, for the byte-level reader: each value is made by
 * its {@link ConnectField}, as the parser path makes it.
 */
final class LayoutColumns extends RowColumns {
    private final RowLayout layout;

    private LayoutColumns(RowLayout layout, byte[][] names) {
        super(names);
        this.layout = layout;
    }

    /**
     * The columns of {@code layout}, or null when it cannot be used (its schema is not an
     * envelope's) or a name would need escaping in JSON.
     */
    static LayoutColumns of(RowLayout layout) {
        if (layout.error() != null) {
            return null;
        }
        byte[][] names = RowColumns.plainNames(layout.columnNames());
        return names == null ? null : new LayoutColumns(layout, names);
    }

    @Override
    boolean nullable(int column) {
        return layout.field(column).column().nullable();
    }

    @Override
    Object value(int column, JsonScalar scalar) {
        return layout.field(column).fromScalar(scalar);
    }
}

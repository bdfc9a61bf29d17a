package dev.tributary.kafka.format;

/**
 * The columns of a Debezium envelope's row struct, for the byte-level reader: each value is made by
 * its {@link ConnectField}, as the parser path makes it.
 */
final class LayoutColumns implements RowColumns {
    private final RowLayout layout;
    private final byte[][] names;

    private LayoutColumns(RowLayout layout, byte[][] names) {
        this.layout = layout;
        this.names = names;
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
    public int size() {
        return names.length;
    }

    @Override
    public int indexOf(byte[] b, int from, int to, int expected) {
        return RowColumns.indexOf(names, b, from, to, expected);
    }

    @Override
    public boolean nullable(int column) {
        return layout.field(column).column().nullable();
    }

    @Override
    public Object value(int column, JsonScalar scalar) {
        return layout.field(column).fromScalar(scalar);
    }
}

package dev.tributary.kafka.format;

import dev.tributary.api.event.Column;
import dev.tributary.api.event.LooseValues;
import dev.tributary.api.event.TableSchema;

/**
 * The columns a pipeline file declares, for the byte-level reader: each value is converted by
 * {@link LooseValues} from the String, Boolean, Long or BigDecimal that the parser path reads (see
 * {@link DeclaredRows}).
 */
final class DeclaredColumns extends RowColumns {
    private final TableSchema schema;

    private DeclaredColumns(TableSchema schema, byte[][] names) {
        super(names);
        this.schema = schema;
    }

    /** The columns of {@code declared}, or null when a name would need escaping in JSON. */
    static DeclaredColumns of(TableSchema declared) {
        byte[][] names = RowColumns.plainNames(declared.columnNames());
        return names == null ? null : new DeclaredColumns(declared, names);
    }

    @Override
    boolean nullable(int column) {
        return schema.column(column).nullable();
    }

    @Override
    Object value(int c, JsonScalar s) {
        Column column = schema.column(c);
        try {
            Object loose;
            switch (s.kind()) {
                case INTEGRAL:
                    // As DeclaredRows: an integral number is converted without a box first.
                    return column.typed()
                            ? LooseValues.coerceLong(s.integral(), column.type())
                            : Long.valueOf(s.integral());
                case STRING:
                    loose = s.text();
                    break;
                case TRUE:
                    loose = Boolean.TRUE;
                    break;
                case FALSE:
                    loose = Boolean.FALSE;
                    break;
                case FRACTIONAL:
                    loose = s.decimal();
                    break;
                default:
                    return NOT_READ;
            }
            return column.typed() ? LooseValues.coerce(loose, column.type()) : loose;
        } catch (RuntimeException e) {
            return NOT_READ; // the parser path reports it
        }
    }
}

package dev.tributary.postgres.cdc;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * One version of one table's rows as Debezium encodes them: the {@link TableSchema} events carry,
 * and a converter per column. Built once per Connect schema (Debezium builds a new one when the
 * table changes, such as after ALTER TABLE ADD COLUMN), so events share one schema instance.
 */
final class RowShape {
    private final TableSchema schema;
    private final ValueConverter[] converters;

    private RowShape(TableSchema schema, ValueConverter[] converters) {
        this.schema = schema;
        this.converters = converters;
    }

    /**
     * @param rowSchema the schema of the envelope's {@code before}/{@code after} struct
     * @param keySchema the record key's schema (the primary key or the key-columns), or null
     */
    static RowShape of(Schema rowSchema, Schema keySchema) {
        List<Field> fields = rowSchema.fields();
        List<Column> columns = new ArrayList<>(fields.size());
        ValueConverter[] converters = new ValueConverter[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            try {
                columns.add(
                        new Column(f.name(), SourceTypes.of(f.schema()), f.schema().isOptional()));
                converters[i] = ValueConverter.of(f.schema());
            } catch (RuntimeException e) {
                throw new DataException(
                        ErrorKind.SCHEMA_MISMATCH,
                        "column '" + f.name() + "': " + e.getMessage(),
                        e);
            }
        }
        List<String> key = new ArrayList<>();
        if (keySchema != null && keySchema.type() == Schema.Type.STRUCT) {
            for (Field f : keySchema.fields()) {
                key.add(f.name());
            }
        }
        return new RowShape(new TableSchema(columns, key), converters);
    }

    TableSchema schema() {
        return schema;
    }

    /** The row aligned with {@link #schema()}, or null when {@code struct} is null. */
    Object[] row(Struct struct) {
        if (struct == null) {
            return null;
        }
        List<Field> fields = struct.schema().fields();
        Object[] row = new Object[converters.length];
        for (int i = 0; i < converters.length; i++) {
            Object v = struct.get(fields.get(i));
            if (v != null) {
                try {
                    row[i] = converters[i].convert(v);
                } catch (RuntimeException e) {
                    throw new DataException(
                            ErrorKind.CONVERSION,
                            "column '"
                                    + fields.get(i).name()
                                    + "': cannot convert "
                                    + v
                                    + " to "
                                    + schema.column(i).type()
                                    + ": "
                                    + e.getMessage());
                }
            }
        }
        return row;
    }
}

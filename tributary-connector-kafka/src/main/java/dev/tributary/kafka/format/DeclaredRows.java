package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.api.error.DataException;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.LooseValues;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import java.io.IOException;

/** Reads a JSON object as a row of a schema the pipeline file declares, coercing each value. */
final class DeclaredRows {
    private DeclaredRows() {}

    /**
     * Reads the object whose START_OBJECT the parser stands at. A field that is absent is null.
     *
     * @param row {@code before}, {@code after}, or null for a flat record, for messages
     * @param checkNulls whether a null in a NOT NULL column is an error
     * @throws DataException SCHEMA_MISMATCH for a field the schema does not declare or a null in a
     *     NOT NULL column, CONVERSION for a value that does not fit its column
     */
    static Object[] read(
            JsonParser p, TableSchema schema, TableId table, String row, boolean checkNulls)
            throws IOException {
        Object[] values = new Object[schema.size()];
        int i = 0;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName(), i++) {
            JsonToken t = p.nextToken();
            int idx =
                    i < values.length && schema.column(i).name().equals(f) ? i : schema.indexOf(f);
            if (idx < 0) {
                throw Failures.mismatch(
                        "field '"
                                + Failures.path(row, f)
                                + "' is not a declared column of "
                                + table
                                + "; declared: "
                                + String.join(", ", schema.columnNames()));
            }
            Column column = schema.column(idx);
            if (!column.typed()) {
                values[idx] = LooseJson.read(p, t);
                continue;
            }
            try {
                // An integral number (ids, counts, epoch times) is converted without a box first.
                values[idx] =
                        t == JsonToken.VALUE_NUMBER_INT
                                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                                ? LooseValues.coerceLong(p.getLongValue(), column.type())
                                : LooseValues.coerce(LooseJson.read(p, t), column.type());
            } catch (DataException e) {
                throw Failures.inField(row, f, e);
            }
        }
        if (checkNulls) {
            checkNulls(schema, values, row);
        }
        return values;
    }

    static void checkNulls(TableSchema schema, Object[] values, String row) {
        for (int c = 0; c < values.length; c++) {
            if (values[c] == null && !schema.column(c).nullable()) {
                String name = schema.column(c).name();
                throw Failures.mismatch(
                        "field '"
                                + Failures.path(row, name)
                                + "' is missing or null, but column '"
                                + name
                                + "' is NOT NULL");
            }
        }
    }
}

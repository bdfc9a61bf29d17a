package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;

/** A row read without any schema: field names in the order written, and their loose values. */
final class UntypedRow {
    private String[] names = new String[16];
    private Object[] values = new Object[16];
    private int size;

    /** Reads the object whose START_OBJECT the parser stands at. */
    static UntypedRow read(JsonParser p) throws IOException {
        UntypedRow row = new UntypedRow();
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            Object v = LooseJson.read(p, p.nextToken());
            if (row.size == row.names.length) {
                row.names = Arrays.copyOf(row.names, row.size * 2);
                row.values = Arrays.copyOf(row.values, row.size * 2);
            }
            row.names[row.size] = f;
            row.values[row.size++] = v;
        }
        return row;
    }

    int size() {
        return size;
    }

    String name(int i) {
        return names[i];
    }

    Object value(int i) {
        return values[i];
    }

    /** The values in the order read, as a row of exactly {@link #size()} entries. */
    Object[] values() {
        return Arrays.copyOf(values, size);
    }
}

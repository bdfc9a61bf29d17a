package dev.tributary.postgres.cdc;

import dev.tributary.api.event.RowJson;
import java.util.List;

/**
 * Writes a PostgreSQL array as a JSON array text: json elements as they are, every other element as
 * {@link RowJson} renders values (numbers and booleans as literals, bytes as base64, everything
 * else as a string); nested arrays stay nested.
 */
final class ArrayJson {
    private ArrayJson() {}

    static String write(List<?> values, ValueConverter element, boolean rawJson) {
        StringBuilder b = new StringBuilder(16 + values.size() * 8).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                b.append("null");
            } else if (v instanceof List) {
                b.append(write((List<?>) v, element, rawJson));
            } else {
                value(b, element.convert(v), rawJson);
            }
        }
        return b.append(']').toString();
    }

    private static void value(StringBuilder b, Object v, boolean rawJson) {
        if (rawJson) {
            b.append(v);
        } else {
            RowJson.appendValue(b, v);
        }
    }
}

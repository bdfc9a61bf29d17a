package dev.tributary.postgres.cdc;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

/**
 * Writes a PostgreSQL array as a JSON array text: numbers and booleans as literals, json elements
 * as they are, bytes as base64, everything else as a string; nested arrays stay nested.
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
        } else if (v instanceof Boolean
                || v instanceof Short
                || v instanceof Integer
                || v instanceof Long) {
            b.append(v);
        } else if (v instanceof BigDecimal) {
            b.append(((BigDecimal) v).toPlainString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                string(b, v.toString());
            } else {
                b.append(v);
            }
        } else if (v instanceof byte[]) {
            string(b, Base64.getEncoder().encodeToString((byte[]) v));
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}

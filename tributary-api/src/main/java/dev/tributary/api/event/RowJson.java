package dev.tributary.api.event;

import java.math.BigDecimal;
import java.util.Base64;

/**
 * Renders a row as a JSON object for the raw value and raw key of errors found after decoding:
 * names from the schema; numbers and booleans as JSON literals (NaN and infinities as strings);
 * bytes as base64 strings; every other value (text, JSON documents, temporal values in ISO-8601,
 * UUIDs) as a JSON string. Stateless.
 */
public final class RowJson {
    private RowJson() {}

    /** {@code {"col": value, ...}} over every column, or null when {@code row} is null. */
    public static String row(TableSchema schema, Object[] row) {
        if (row == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(32 + row.length * 16).append('{');
        int n = Math.min(schema.size(), row.length);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(", ");
            }
            field(b, schema.column(i).name(), row[i]);
        }
        return b.append('}').toString();
    }

    /**
     * The key columns' values as a JSON object, or null when the schema has no key or row is null.
     */
    public static String key(TableSchema schema, Object[] row) {
        if (row == null || !schema.hasKey()) {
            return null;
        }
        StringBuilder b = new StringBuilder().append('{');
        int[] keys = schema.keyIndexes();
        for (int k = 0; k < keys.length; k++) {
            if (k > 0) {
                b.append(", ");
            }
            field(b, schema.column(keys[k]).name(), keys[k] < row.length ? row[keys[k]] : null);
        }
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, Object v) {
        appendString(b, name);
        b.append(": ");
        appendValue(b, v);
    }

    /**
     * Appends one value as these rows render it: null, a number or boolean literal, base64 for
     * bytes, else a JSON string. Connectors that render other JSON (arrays) use it to stay alike.
     */
    public static void appendValue(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
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
                appendString(b, v.toString());
            } else {
                b.append(v);
            }
        } else if (v instanceof byte[]) {
            appendString(b, Base64.getEncoder().encodeToString((byte[]) v));
        } else {
            appendString(b, v.toString());
        }
    }

    /** Appends {@code s} as a JSON string literal, quoted and escaped. */
    public static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }
}

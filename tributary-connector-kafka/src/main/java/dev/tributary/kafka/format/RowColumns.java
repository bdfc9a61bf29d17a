package dev.tributary.kafka.format;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The columns of the rows {@link ChangeText} reads at byte level: their names, compared byte for
 * byte, and how a scalar becomes a column's value, exactly as the parser path makes it.
 */
abstract class RowColumns {
    /** What {@link #value} returns when the parser path must read the value (and say why). */
    static final Object NOT_READ = new Object();

    /** Each column's name as UTF-8, as JSON writes it without escapes. */
    private final byte[][] names;

    RowColumns(byte[][] names) {
        this.names = names;
    }

    final int size() {
        return names.length;
    }

    /**
     * The column whose name is the bytes {@code from..to} of {@code b}, trying {@code expected}
     * first (fields usually come in column order), or -1.
     */
    final int indexOf(byte[] b, int from, int to, int expected) {
        if (expected < names.length && ChangeText.is(b, from, to, names[expected])) {
            return expected;
        }
        for (int c = 0; c < names.length; c++) {
            if (ChangeText.is(b, from, to, names[c])) {
                return c;
            }
        }
        return -1;
    }

    abstract boolean nullable(int column);

    /**
     * The value of {@code column} for a scalar that is not null, or {@link #NOT_READ} when it does
     * not convert.
     */
    abstract Object value(int column, JsonScalar scalar);

    /**
     * The names as UTF-8, or null when one would need escaping in JSON: names are compared byte for
     * byte, so only names JSON writes as they are can be.
     */
    static byte[][] plainNames(List<String> names) {
        byte[][] bytes = new byte[names.size()][];
        for (int c = 0; c < bytes.length; c++) {
            String name = names.get(c);
            for (int k = 0; k < name.length(); k++) {
                char ch = name.charAt(k);
                if (ch < 0x20 || ch == '"' || ch == '\\' || Character.isSurrogate(ch)) {
                    return null;
                }
            }
            bytes[c] = name.getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}

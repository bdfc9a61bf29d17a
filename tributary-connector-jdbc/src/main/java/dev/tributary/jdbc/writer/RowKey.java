package dev.tributary.jdbc.writer;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * The values of a row's key columns, compared the way the database compares them: decimals by value
 * (1.0 equals 1.00), timestamps with zone by instant, bytes by content. Immutable.
 */
public final class RowKey {
    private final Object[] values;
    private final int hash;

    private RowKey(Object[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    /**
     * The key of {@code row} at {@code positions}, or null when the row is null, too short, or a
     * key value is null (such a row cannot be matched by key).
     */
    public static RowKey of(Object[] row, int[] positions) {
        if (row == null || positions.length == 0) {
            return null;
        }
        Object[] values = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            int p = positions[i];
            if (p < 0 || p >= row.length || row[p] == null) {
                return null;
            }
            values[i] = normalize(row[p]);
        }
        return new RowKey(values);
    }

    private static Object normalize(Object v) {
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).toInstant();
        }
        if (v instanceof byte[]) {
            return ByteBuffer.wrap((byte[]) v);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowKey
                && hash == ((RowKey) o).hash
                && Arrays.equals(values, ((RowKey) o).values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}

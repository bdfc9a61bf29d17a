package dev.tributary.jdbc.writer;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * The values of a row's key columns, compared the way the database compares them: integers by value
 * whatever their width (a {@code smallint} 5 equals a {@code bigint} 5), decimals by value (1.0
 * equals 1.00), timestamps with zone by instant, bytes by content. Immutable.
 *
 * <p>A key of one integer column, the most common, holds the number itself rather than an array of
 * boxed values: the writer looks up every upsert's key in a map of up to a whole checkpoint
 * interval's keys, and comparing with a stored key then touches one object instead of three.
 */
public final class RowKey {
    /** The key's values; null when the key is the one integer {@link #integer}. */
    private final Object[] values;

    private final long integer;
    private final int hash;

    private RowKey(Object[] values) {
        this.values = values;
        this.integer = 0;
        this.hash = Arrays.hashCode(values);
    }

    private RowKey(long integer) {
        this.values = null;
        this.integer = integer;
        this.hash = Long.hashCode(integer);
    }

    /**
     * The key of {@code row} at {@code positions}, or null when the row is null, too short, or a
     * key value is null (such a row cannot be matched by key).
     */
    public static RowKey of(Object[] row, int[] positions) {
        if (row == null || positions.length == 0) {
            return null;
        }
        if (isInteger(row, positions)) {
            return new RowKey(((Number) row[positions[0]]).longValue());
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
        if (v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
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

    /**
     * True when the key of {@code row} at {@code positions} is one integer, which {@link #of} holds
     * as the number itself: then {@link #integer(Object[], int[])} is that number.
     */
    public static boolean isInteger(Object[] row, int[] positions) {
        if (row == null || positions.length != 1) {
            return false;
        }
        int p = positions[0];
        Object v = p < 0 || p >= row.length ? null : row[p];
        return v instanceof Long || v instanceof Integer || v instanceof Short;
    }

    /** The one integer of the key, when {@link #isInteger(Object[], int[])} holds. */
    public static long integer(Object[] row, int[] positions) {
        return ((Number) row[positions[0]]).longValue();
    }

    /** True when the key is one integer, {@link #integer()}. */
    boolean isInteger() {
        return values == null;
    }

    /** The key's one integer; meaningful only when {@link #isInteger()}. */
    long integer() {
        return integer;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RowKey)) {
            return false;
        }
        RowKey other = (RowKey) o;
        if (hash != other.hash) {
            return false;
        }
        if (values == null) {
            return other.values == null && integer == other.integer;
        }
        return other.values != null && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return values == null ? "[" + integer + "]" : Arrays.toString(values);
    }
}

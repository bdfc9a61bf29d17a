package dev.tributary.jdbc.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A range of keys in key order: above {@code lower} (exclusive) up to {@code upper} (inclusive); a
 * missing bound is open. Bounds are key values as JDBC reads them, one per key column. Immutable.
 */
public final class KeyRange {

    /** Every key. */
    public static final KeyRange ALL = new KeyRange(null, null);

    private final Object[] lower;
    private final Object[] upper;

    private KeyRange(Object[] lower, Object[] upper) {
        this.lower = lower;
        this.upper = upper;
    }

    /** A range above {@code lower} up to and including {@code upper}; null for an open bound. */
    public static KeyRange between(Object[] lower, Object[] upper) {
        return new KeyRange(
                lower == null ? null : lower.clone(), upper == null ? null : upper.clone());
    }

    /** The exclusive lower bound, or null when the range is open below. */
    public Object[] lower() {
        return lower == null ? null : lower.clone();
    }

    /** The inclusive upper bound, or null when the range is open above. */
    public Object[] upper() {
        return upper == null ? null : upper.clone();
    }

    /**
     * Cuts this range at {@code bounds} (ascending keys inside this range): {@code (lower, b1]},
     * {@code (b1, b2]}, ..., {@code (bn, upper]}; n bounds give n + 1 ranges that together cover
     * this range, in key order.
     */
    public List<KeyRange> split(List<Object[]> bounds) {
        List<KeyRange> parts = new ArrayList<>(bounds.size() + 1);
        Object[] from = lower;
        for (Object[] b : bounds) {
            parts.add(new KeyRange(from, b.clone()));
            from = b;
        }
        parts.add(new KeyRange(from == null ? null : from.clone(), upper));
        return parts;
    }

    /**
     * How many rows apart the cut points lie so that {@code rows} rows fall into at most {@code
     * fanout} ranges of about the same size: {@code ceil(rows / fanout)}, at least 1.
     */
    public static long step(long rows, int fanout) {
        if (fanout < 2) {
            throw new IllegalArgumentException("fanout must be at least 2, was " + fanout);
        }
        return Math.max(1, (rows + fanout - 1) / fanout);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange
                && Arrays.equals(lower, ((KeyRange) o).lower)
                && Arrays.equals(upper, ((KeyRange) o).upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    /** {@code (lower, upper]} with {@code -inf}/{@code +inf} for open bounds. */
    @Override
    public String toString() {
        return "("
                + (lower == null ? "-inf" : Arrays.toString(lower))
                + ", "
                + (upper == null ? "+inf" : Arrays.toString(upper))
                + "]";
    }
}

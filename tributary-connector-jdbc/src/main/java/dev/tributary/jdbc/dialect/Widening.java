package dev.tributary.jdbc.dialect;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TypeKind;

/**
 * Which logical types take every value of another without loss: the same kind with at least the
 * size, integers into larger integers, decimals with room for their digits or floats that hold them
 * exactly, FLOAT32 into FLOAT64, JSON or UUID text into unbounded strings. Stateless.
 *
 * <p>A source type without a size (Debezium's strings and variable-scale decimals carry none) fits
 * a sized column of the same kind: nothing is known to be lost, so the schema is accepted and each
 * value is checked by the database; a value that does not fit is refused as that row's write error.
 */
public final class Widening {
    private Widening() {}

    /** True when every value of {@code from} fits {@code to}; false when {@code to} is null. */
    public static boolean lossless(DataType from, DataType to) {
        if (to == null) {
            return false;
        }
        TypeKind f = from.kind();
        TypeKind t = to.kind();
        if (f == t) {
            return sameKindFits(from, to);
        }
        switch (f) {
            case INT16:
                return t == TypeKind.INT32
                        || t == TypeKind.INT64
                        || t == TypeKind.FLOAT32
                        || t == TypeKind.FLOAT64
                        || decimalHolds(to, 5);
            case INT32:
                return t == TypeKind.INT64 || t == TypeKind.FLOAT64 || decimalHolds(to, 10);
            case INT64:
                return decimalHolds(to, 19);
            case FLOAT32:
                return t == TypeKind.FLOAT64;
            case JSON:
                return t == TypeKind.STRING && to.length() == DataType.UNBOUNDED;
            case UUID:
                return t == TypeKind.STRING
                        && (to.length() == DataType.UNBOUNDED || to.length() >= 36);
            default:
                return false;
        }
    }

    private static boolean sameKindFits(DataType from, DataType to) {
        switch (from.kind()) {
            case STRING:
            case BYTES:
            case TIME:
            case TIMESTAMP:
            case TIMESTAMP_TZ:
                return atMost(from.length(), to.length());
            case DECIMAL:
                if (to.precision() == DataType.UNBOUNDED
                        || from.precision() == DataType.UNBOUNDED) {
                    return true;
                }
                if (from.scale() == DataType.UNBOUNDED) {
                    return false;
                }
                int toScale = Math.max(to.scale(), 0);
                return from.scale() <= toScale
                        && from.precision() - from.scale() <= to.precision() - toScale;
            default:
                return true;
        }
    }

    /**
     * An unsized source fits any size (values are checked one by one); a sized one fits a larger
     * size.
     */
    private static boolean atMost(int from, int to) {
        return to == DataType.UNBOUNDED || from == DataType.UNBOUNDED || from <= to;
    }

    private static boolean decimalHolds(DataType to, int integerDigits) {
        if (to.kind() != TypeKind.DECIMAL) {
            return false;
        }
        if (to.precision() == DataType.UNBOUNDED) {
            return true;
        }
        int scale = Math.max(to.scale(), 0);
        return to.precision() - scale >= integerDigits;
    }
}

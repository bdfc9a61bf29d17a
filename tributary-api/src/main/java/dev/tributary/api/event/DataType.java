package dev.tributary.api.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * A logical type with its size: length for STRING/BYTES, precision and scale for DECIMAL,
 * fractional second digits for TIME/TIMESTAMP/TIMESTAMP_TZ. {@link #UNBOUNDED} means the source put
 * no limit. Immutable.
 */
public final class DataType implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A size the source did not bound. */
    public static final int UNBOUNDED = -1;

    private final TypeKind kind;
    private final int length;
    private final int scale;

    private DataType(TypeKind kind, int length, int scale) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.length = length;
        this.scale = scale;
    }

    public static DataType of(TypeKind kind) {
        return new DataType(kind, UNBOUNDED, UNBOUNDED);
    }

    /** A STRING or BYTES type of at most {@code length} characters or bytes. */
    public static DataType sized(TypeKind kind, int length) {
        return new DataType(kind, length, UNBOUNDED);
    }

    /** A DECIMAL of the given precision and scale; either may be {@link #UNBOUNDED}. */
    public static DataType decimal(int precision, int scale) {
        return new DataType(TypeKind.DECIMAL, precision, scale);
    }

    /** A TIME, TIMESTAMP or TIMESTAMP_TZ with {@code digits} fractional second digits. */
    public static DataType temporal(TypeKind kind, int digits) {
        return new DataType(kind, digits, UNBOUNDED);
    }

    public TypeKind kind() {
        return kind;
    }

    /** Length, precision or fractional digits as the kind implies, or {@link #UNBOUNDED}. */
    public int length() {
        return length;
    }

    /** Alias of {@link #length()} for DECIMAL. */
    public int precision() {
        return length;
    }

    /** DECIMAL scale, or {@link #UNBOUNDED}. */
    public int scale() {
        return scale;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataType)) {
            return false;
        }
        DataType t = (DataType) o;
        return kind == t.kind && length == t.length && scale == t.scale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, length, scale);
    }

    @Override
    public String toString() {
        if (kind == TypeKind.DECIMAL && length != UNBOUNDED) {
            return "DECIMAL(" + length + (scale == UNBOUNDED ? "" : "," + scale) + ")";
        }
        return length == UNBOUNDED ? kind.name() : kind.name() + "(" + length + ")";
    }
}

package dev.tributary.jdbc.dialect.postgres;

import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.NativeType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL column type that binary COPY writes, and which Java values it takes. A value is
 * taken only when its binary form stores exactly what the text form would: a time with digits below
 * the microsecond, a year outside PostgreSQL's range, a {@code Float} for a {@code float8} column
 * (text reads its shortest decimal form, binary would widen its bits) or a class the type does not
 * know makes the batch go by text, so the server decides as before. Stateless.
 */
public enum BinaryColumn {
    INT2,
    INT4,
    INT8,
    FLOAT4,
    FLOAT8,
    NUMERIC,
    BOOL,
    /** text, varchar, bpchar and json: the UTF-8 bytes. */
    TEXT,
    /** A version byte (1), then the UTF-8 bytes of the document. */
    JSONB,
    UUID_TYPE,
    BYTEA,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ;

    /** Inside PostgreSQL's range of dates and timestamps, with a year to spare at each end. */
    private static final int MIN_YEAR = -4712;

    private static final int MAX_TIMESTAMP_YEAR = 294275;
    private static final int MAX_DATE_YEAR = 5874896;

    /**
     * The binary form of {@code column}'s type, or null when binary COPY does not write it (arrays,
     * enums, other user-defined and unlisted types).
     */
    public static BinaryColumn of(ColumnDefinition column) {
        NativeType t = column.catalogType();
        if (t != null) {
            String standard = t.dataType() == null ? "" : t.dataType();
            if (standard.equalsIgnoreCase("USER-DEFINED") || standard.equalsIgnoreCase("ARRAY")) {
                return null; // an enum or a type of another schema may be named like a built-in
            }
            return ofName(t.udtName());
        }
        return ofName(column.nativeType());
    }

    private static BinaryColumn ofName(String udtName) {
        if (udtName == null) {
            return null;
        }
        switch (udtName.toLowerCase(Locale.ROOT)) {
            case "int2":
                return INT2;
            case "int4":
                return INT4;
            case "int8":
                return INT8;
            case "float4":
                return FLOAT4;
            case "float8":
                return FLOAT8;
            case "numeric":
                return NUMERIC;
            case "bool":
                return BOOL;
            case "text":
            case "varchar":
            case "bpchar":
            case "json":
                return TEXT;
            case "jsonb":
                return JSONB;
            case "uuid":
                return UUID_TYPE;
            case "bytea":
                return BYTEA;
            case "date":
                return DATE;
            case "time":
                return TIME;
            case "timestamp":
                return TIMESTAMP;
            case "timestamptz":
                return TIMESTAMPTZ;
            default:
                return null;
        }
    }

    /** True when {@code v} (not null) has a binary form in this type equal to its text form's. */
    public boolean accepts(Object v) {
        switch (this) {
            case INT2:
                return integral(v)
                        && fits(((Number) v).longValue(), Short.MIN_VALUE, Short.MAX_VALUE);
            case INT4:
                return integral(v)
                        && fits(((Number) v).longValue(), Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT8:
                return integral(v);
            case FLOAT4:
                return v instanceof Float || v instanceof Short;
            case FLOAT8:
                return v instanceof Double || integral(v);
            case NUMERIC:
                return integral(v) || (v instanceof BigDecimal && decimalInRange((BigDecimal) v));
            case BOOL:
                return v instanceof Boolean;
            case TEXT:
            case JSONB:
                return v instanceof String || (this == TEXT && v instanceof UUID);
            case UUID_TYPE:
                return v instanceof UUID;
            case BYTEA:
                return v instanceof byte[];
            case DATE:
                return v instanceof LocalDate && year(((LocalDate) v).getYear(), MAX_DATE_YEAR);
            case TIME:
                return v instanceof LocalTime && ((LocalTime) v).getNano() % 1000 == 0;
            case TIMESTAMP:
                return v instanceof LocalDateTime
                        && ((LocalDateTime) v).getNano() % 1000 == 0
                        && year(((LocalDateTime) v).getYear(), MAX_TIMESTAMP_YEAR);
            case TIMESTAMPTZ:
                return v instanceof OffsetDateTime
                        && ((OffsetDateTime) v).getNano() % 1000 == 0
                        && year(((OffsetDateTime) v).getYear(), MAX_TIMESTAMP_YEAR);
            default:
                return false;
        }
    }

    private static boolean integral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short;
    }

    private static boolean fits(long n, long min, long max) {
        return n >= min && n <= max;
    }

    private static boolean year(int year, int max) {
        return year >= MIN_YEAR && year <= max;
    }

    /**
     * PostgreSQL's numeric keeps at most 16,383 digits after the point and a weight that fits 16
     * bits; far beyond what a column takes, so larger values go by text and the server refuses them
     * there.
     */
    private static boolean decimalInRange(BigDecimal d) {
        return d.scale() <= 1000 && d.scale() >= -1000 && d.precision() <= 1000;
    }
}

package dev.tributary.runtime.config;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TypeKind;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the column types a pipeline file declares: the logical type names ({@code int64}, {@code
 * decimal(12,2)}, {@code string(40)}, {@code timestamp(3)}, {@code timestamptz}, ...) and the
 * common SQL spellings of the same types ({@code bigint}, {@code numeric(12,2)}, {@code
 * varchar(40)}, {@code text}).
 */
public final class TypeParser {
    private static final Pattern TYPE =
            Pattern.compile("([a-z][a-z0-9_ ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

    /** What a valid type looks like, for error messages. */
    public static final String EXPECTED =
            "one of boolean, int16, int32, int64, float32, float64, decimal(p,s), string, string(n), bytes,"
                    + " date, time(n), timestamp(n), timestamptz(n), json, uuid";

    private TypeParser() {}

    /** The type, or null when the text names none. */
    public static DataType parse(String text) {
        Matcher m = TYPE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        TypeKind kind = kind(m.group(1).trim());
        if (kind == null || (b != null && kind != TypeKind.DECIMAL)) {
            return null;
        }
        switch (kind) {
            case DECIMAL:
                return DataType.decimal(
                        a == null ? DataType.UNBOUNDED : a,
                        b == null ? (a == null ? DataType.UNBOUNDED : 0) : b);
            case STRING:
            case BYTES:
                return a == null ? DataType.of(kind) : DataType.sized(kind, a);
            case TIME:
            case TIMESTAMP:
            case TIMESTAMP_TZ:
                return a == null ? DataType.of(kind) : DataType.temporal(kind, a);
            default:
                return a == null ? DataType.of(kind) : null;
        }
    }

    private static TypeKind kind(String name) {
        switch (name) {
            case "boolean":
            case "bool":
                return TypeKind.BOOLEAN;
            case "int16":
            case "smallint":
                return TypeKind.INT16;
            case "int32":
            case "int":
            case "integer":
                return TypeKind.INT32;
            case "int64":
            case "bigint":
            case "long":
                return TypeKind.INT64;
            case "float32":
            case "real":
            case "float":
                return TypeKind.FLOAT32;
            case "float64":
            case "double":
            case "double precision":
                return TypeKind.FLOAT64;
            case "decimal":
            case "numeric":
                return TypeKind.DECIMAL;
            case "string":
            case "varchar":
            case "text":
                return TypeKind.STRING;
            case "bytes":
            case "bytea":
            case "binary":
                return TypeKind.BYTES;
            case "date":
                return TypeKind.DATE;
            case "time":
                return TypeKind.TIME;
            case "timestamp":
                return TypeKind.TIMESTAMP;
            case "timestamptz":
            case "timestamp_tz":
                return TypeKind.TIMESTAMP_TZ;
            case "json":
            case "jsonb":
                return TypeKind.JSON;
            case "uuid":
                return TypeKind.UUID;
            default:
                return null;
        }
    }
}

package dev.tributary.postgres.cdc;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TypeKind;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * Maps one column, as Debezium describes it in a record's Connect schema, to its exact logical
 * type. Debezium's {@code column.propagate.source.type} puts the PostgreSQL type name, length and
 * scale into the field's schema parameters; the semantic schema name tells how the value is
 * encoded. The mapping table is printed in docs/postgres-cdc-source.md.
 */
final class SourceTypes {
    private SourceTypes() {}

    static final String TYPE_PARAM = "__debezium.source.column.type";
    static final String LENGTH_PARAM = "__debezium.source.column.length";
    static final String SCALE_PARAM = "__debezium.source.column.scale";

    static final String DECIMAL = "org.apache.kafka.connect.data.Decimal";
    static final String VARIABLE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    static final String DATE = "io.debezium.time.Date";
    static final String TIME_MILLIS = "io.debezium.time.Time";
    static final String TIME_MICROS = "io.debezium.time.MicroTime";
    static final String TIME_NANOS = "io.debezium.time.NanoTime";
    static final String TIMESTAMP_MILLIS = "io.debezium.time.Timestamp";
    static final String TIMESTAMP_MICROS = "io.debezium.time.MicroTimestamp";
    static final String TIMESTAMP_NANOS = "io.debezium.time.NanoTimestamp";
    static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    static final String UUID = "io.debezium.data.Uuid";
    static final String JSON = "io.debezium.data.Json";

    /** PostgreSQL's money has a fixed two fraction digits here and at most 19 digits in all. */
    private static final int MONEY_PRECISION = 19;

    private static final int MONEY_SCALE = 2;

    /** Time precision PostgreSQL uses when a column declares none. */
    private static final int DEFAULT_TIME_DIGITS = 6;

    /** The logical type of a column whose Connect schema is {@code schema}. */
    static DataType of(Schema schema) {
        if (schema.type() == Schema.Type.ARRAY) {
            return DataType.of(TypeKind.JSON);
        }
        String name = schema.name();
        String source = sourceType(schema);
        if (name != null) {
            switch (name) {
                case DECIMAL:
                    return "MONEY".equals(source)
                            ? DataType.decimal(MONEY_PRECISION, MONEY_SCALE)
                            : DataType.decimal(param(schema, LENGTH_PARAM), decimalScale(schema));
                case VARIABLE_DECIMAL:
                    return DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED);
                case DATE:
                    return DataType.of(TypeKind.DATE);
                case TIME_MILLIS:
                case TIME_MICROS:
                case TIME_NANOS:
                    return DataType.temporal(TypeKind.TIME, digits(schema));
                case TIMESTAMP_MILLIS:
                case TIMESTAMP_MICROS:
                case TIMESTAMP_NANOS:
                    return DataType.temporal(TypeKind.TIMESTAMP, digits(schema));
                case ZONED_TIMESTAMP:
                    return DataType.temporal(TypeKind.TIMESTAMP_TZ, digits(schema));
                case UUID:
                    return DataType.of(TypeKind.UUID);
                case JSON:
                    return DataType.of(TypeKind.JSON);
                default:
                    break; // enums, xml, intervals as text...: by the Connect type below
            }
        }
        switch (schema.type()) {
            case BOOLEAN:
                return DataType.of(TypeKind.BOOLEAN);
            case INT8:
            case INT16:
                return DataType.of(TypeKind.INT16);
            case INT32:
                return DataType.of(TypeKind.INT32);
            case INT64:
                return DataType.of(TypeKind.INT64);
            case FLOAT32:
                return DataType.of(TypeKind.FLOAT32);
            case FLOAT64:
                return DataType.of(TypeKind.FLOAT64);
            case STRING:
                return isSized(source)
                        ? DataType.sized(TypeKind.STRING, param(schema, LENGTH_PARAM))
                        : DataType.of(TypeKind.STRING);
            case BYTES:
                return DataType.of(TypeKind.BYTES);
            default:
                throw new IllegalArgumentException(
                        "no logical type for a "
                                + schema.type()
                                + " field"
                                + (source == null ? "" : " of source type " + source));
        }
    }

    /** The PostgreSQL type name in upper case, or null when Debezium did not say. */
    static String sourceType(Schema schema) {
        Map<String, String> params = schema.parameters();
        String type = params == null ? null : params.get(TYPE_PARAM);
        return type == null ? null : type.toUpperCase(Locale.ROOT);
    }

    /** varchar(n) and char(n) keep their length; text and unsized varchar are unbounded. */
    private static boolean isSized(String source) {
        return "VARCHAR".equals(source) || "BPCHAR".equals(source) || "CHAR".equals(source);
    }

    private static int decimalScale(Schema schema) {
        Map<String, String> params = schema.parameters();
        String scale = params == null ? null : params.get("scale");
        return scale == null ? param(schema, SCALE_PARAM) : Integer.parseInt(scale);
    }

    private static int digits(Schema schema) {
        int scale = param(schema, SCALE_PARAM);
        return scale == DataType.UNBOUNDED ? DEFAULT_TIME_DIGITS : scale;
    }

    /** A size parameter, or UNBOUNDED when absent or beyond what PostgreSQL declares. */
    private static int param(Schema schema, String key) {
        Map<String, String> params = schema.parameters();
        String v = params == null ? null : params.get(key);
        if (v == null) {
            return DataType.UNBOUNDED;
        }
        int n = Integer.parseInt(v);
        return n < 0 || n == Integer.MAX_VALUE ? DataType.UNBOUNDED : n;
    }
}

package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How one column is written as Debezium's PostgreSQL connector writes it through Kafka's
 * JsonConverter: its Connect schema (type, logical name, parameters) and its JSON value. TIME is
 * always microseconds (as with {@code time.precision.mode=adaptive_time_microseconds}); TIMESTAMP
 * is milliseconds up to 3 fractional digits and microseconds up to 6 (as with {@code adaptive});
 * more digits than 6 use Debezium's nanosecond types, so nothing is cut. Decimals are
 * JsonConverter's default {@code decimal.format=BASE64}.
 */
enum FieldEncoding {
    INT16("int16", null),
    INT32("int32", null),
    INT64("int64", null),
    FLOAT32("float", null),
    FLOAT64("double", null),
    BOOLEAN("boolean", null),
    STRING("string", null),
    BYTES("bytes", null),
    DECIMAL("bytes", "org.apache.kafka.connect.data.Decimal"),
    VARIABLE_DECIMAL("struct", "io.debezium.data.VariableScaleDecimal"),
    DATE("int32", "io.debezium.time.Date"),
    MICRO_TIME("int64", "io.debezium.time.MicroTime"),
    NANO_TIME("int64", "io.debezium.time.NanoTime"),
    TIMESTAMP("int64", "io.debezium.time.Timestamp"),
    MICRO_TIMESTAMP("int64", "io.debezium.time.MicroTimestamp"),
    NANO_TIMESTAMP("int64", "io.debezium.time.NanoTimestamp"),
    ZONED_TIMESTAMP("string", "io.debezium.time.ZonedTimestamp"),
    UUID("string", "io.debezium.data.Uuid"),
    JSON("string", "io.debezium.data.Json"),
    /** A column without a logical type: written by its Java class, and has no schema. */
    UNTYPED(null, null);

    private final String connectType;
    private final String logicalName;

    FieldEncoding(String connectType, String logicalName) {
        this.connectType = connectType;
        this.logicalName = logicalName;
    }

    /** The encoding of a column of type {@code type}, which may be null (untyped). */
    static FieldEncoding of(DataType type) {
        if (type == null) {
            return UNTYPED;
        }
        switch (type.kind()) {
            case BOOLEAN:
                return BOOLEAN;
            case INT16:
                return INT16;
            case INT32:
                return INT32;
            case INT64:
                return INT64;
            case FLOAT32:
                return FLOAT32;
            case FLOAT64:
                return FLOAT64;
            case DECIMAL:
                return type.scale() == DataType.UNBOUNDED ? VARIABLE_DECIMAL : DECIMAL;
            case STRING:
                return STRING;
            case BYTES:
                return BYTES;
            case DATE:
                return DATE;
            case TIME:
                return type.length() > 6 ? NANO_TIME : MICRO_TIME;
            case TIMESTAMP:
                if (type.length() == DataType.UNBOUNDED) {
                    return MICRO_TIMESTAMP;
                }
                return type.length() <= 3
                        ? TIMESTAMP
                        : type.length() <= 6 ? MICRO_TIMESTAMP : NANO_TIMESTAMP;
            case TIMESTAMP_TZ:
                return ZONED_TIMESTAMP;
            case JSON:
                return JSON;
            case UUID:
                return UUID;
            default:
                throw new IllegalArgumentException("no Debezium encoding for " + type);
        }
    }

    /**
     * Writes the field schema of {@code column} in JsonConverter's key order: type, (fields),
     * optional, name, version, doc, parameters, field.
     */
    void writeSchema(JsonGenerator g, Column column) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", connectType);
        if (this == VARIABLE_DECIMAL) {
            g.writeArrayFieldStart("fields");
            ConnectSchemas.plainField(g, "int32", false, "scale");
            ConnectSchemas.plainField(g, "bytes", false, "value");
            g.writeEndArray();
        }
        g.writeBooleanField("optional", column.nullable());
        if (logicalName != null) {
            g.writeStringField("name", logicalName);
            g.writeNumberField("version", 1);
        }
        if (this == VARIABLE_DECIMAL) {
            g.writeStringField("doc", "Variable scaled decimal");
        }
        if (this == DECIMAL) {
            g.writeObjectFieldStart("parameters");
            g.writeStringField("scale", String.valueOf(column.type().scale()));
            if (column.type().precision() != DataType.UNBOUNDED) {
                g.writeStringField(
                        "connect.decimal.precision", String.valueOf(column.type().precision()));
            }
            g.writeEndObject();
        }
        g.writeStringField("field", column.name());
        g.writeEndObject();
    }

    /**
     * Writes {@code v}, which is not null and has the Java class of the column's type kind.
     *
     * @param scratch at least {@link ZonedTimestamps#MAX_LENGTH} chars, for temporal text
     * @throws ClassCastException when {@code v} has another class
     * @throws ArithmeticException when a decimal does not fit the type or a timestamp is out of
     *     range
     */
    void writeValue(JsonGenerator g, Object v, DataType type, char[] scratch) throws IOException {
        switch (this) {
            case INT16:
                g.writeNumber((Short) v);
                return;
            case INT32:
                g.writeNumber((Integer) v);
                return;
            case INT64:
                g.writeNumber((Long) v);
                return;
            case FLOAT32:
                g.writeNumber((Float) v);
                return;
            case FLOAT64:
                g.writeNumber((Double) v);
                return;
            case BOOLEAN:
                g.writeBoolean((Boolean) v);
                return;
            case STRING:
            case JSON:
                g.writeString((String) v);
                return;
            case BYTES:
                g.writeBinary((byte[]) v);
                return;
            case DECIMAL:
                g.writeBinary(scaled((BigDecimal) v, type).unscaledValue().toByteArray());
                return;
            case VARIABLE_DECIMAL:
                BigDecimal d = fitting((BigDecimal) v, type);
                g.writeStartObject();
                g.writeNumberField("scale", d.scale());
                g.writeFieldName("value");
                g.writeBinary(d.unscaledValue().toByteArray());
                g.writeEndObject();
                return;
            case DATE:
                g.writeNumber(Math.toIntExact(((LocalDate) v).toEpochDay()));
                return;
            case MICRO_TIME:
                g.writeNumber(((LocalTime) v).toNanoOfDay() / 1_000L);
                return;
            case NANO_TIME:
                g.writeNumber(((LocalTime) v).toNanoOfDay());
                return;
            case TIMESTAMP:
                g.writeNumber(epoch((LocalDateTime) v, 1_000L));
                return;
            case MICRO_TIMESTAMP:
                g.writeNumber(epoch((LocalDateTime) v, 1_000_000L));
                return;
            case NANO_TIMESTAMP:
                g.writeNumber(epoch((LocalDateTime) v, 1_000_000_000L));
                return;
            case ZONED_TIMESTAMP:
                OffsetDateTime t = (OffsetDateTime) v;
                int n = ZonedTimestamps.format(t, scratch);
                if (n >= 0) {
                    g.writeString(scratch, 0, n);
                } else {
                    g.writeString(ZonedTimestamps.text(t));
                }
                return;
            case UUID:
                g.writeString(((java.util.UUID) v).toString());
                return;
            case UNTYPED:
                writeLoose(g, v);
                return;
            default:
                throw new IllegalStateException("no writer for " + this);
        }
    }

    /** Whether this encoding has a Connect schema (every one but {@link #UNTYPED}). */
    boolean hasSchema() {
        return this != UNTYPED;
    }

    /** The value with exactly the type's scale; more decimal places than that are refused. */
    private static BigDecimal scaled(BigDecimal d, DataType type) {
        BigDecimal s = d;
        if (d.scale() != type.scale()) {
            try {
                s = d.setScale(type.scale());
            } catch (ArithmeticException e) {
                throw new ArithmeticException("more than " + type.scale() + " decimal places");
            }
        }
        return fitting(s, type);
    }

    private static BigDecimal fitting(BigDecimal d, DataType type) {
        if (type.precision() != DataType.UNBOUNDED && d.precision() > type.precision()) {
            throw new ArithmeticException("more than " + type.precision() + " digits");
        }
        return d;
    }

    /** {@code t} in UTC as units of {@code 1/perSecond} seconds since the epoch. */
    private static long epoch(LocalDateTime t, long perSecond) {
        long seconds = t.toEpochSecond(ZoneOffset.UTC);
        return Math.addExact(
                Math.multiplyExact(seconds, perSecond), t.getNano() / (1_000_000_000L / perSecond));
    }

    private static void writeLoose(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal) {
            g.writeNumber((BigDecimal) v);
        } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof byte[]) {
            g.writeBinary((byte[]) v);
        } else {
            g.writeString(v.toString());
        }
    }
}

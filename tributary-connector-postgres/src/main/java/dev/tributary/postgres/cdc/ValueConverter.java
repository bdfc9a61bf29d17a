package dev.tributary.postgres.cdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns one column's value, as Debezium encodes it, into the Java class its logical type is carried
 * as (see {@link dev.tributary.api.event.TypeKind}). Built once per column and schema version, so
 * the per-value work is a switch and the conversion itself.
 */
@FunctionalInterface
interface ValueConverter {

    /**
     * @param value the Connect value, never null
     * @throws RuntimeException when the value does not fit; the caller reports the record
     */
    Object convert(Object value);

    long MICROS_PER_SECOND = 1_000_000L;
    long NANOS_PER_MICRO = 1_000L;

    /** The converter for a column whose Connect schema is {@code schema}. */
    static ValueConverter of(Schema schema) {
        if (schema.type() == Schema.Type.ARRAY) {
            ValueConverter element = of(schema.valueSchema());
            boolean rawJson = SourceTypes.JSON.equals(schema.valueSchema().name());
            return v -> ArrayJson.write((List<?>) v, element, rawJson);
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case SourceTypes.DECIMAL:
                    return v -> v;
                case SourceTypes.VARIABLE_DECIMAL:
                    return ValueConverter::variableDecimal;
                case SourceTypes.DATE:
                    return v -> LocalDate.ofEpochDay(((Number) v).longValue());
                case SourceTypes.TIME_MILLIS:
                    return v -> LocalTime.ofNanoOfDay(((Number) v).longValue() * 1_000_000L);
                case SourceTypes.TIME_MICROS:
                    return v -> LocalTime.ofNanoOfDay(((Number) v).longValue() * NANOS_PER_MICRO);
                case SourceTypes.TIME_NANOS:
                    return v -> LocalTime.ofNanoOfDay(((Number) v).longValue());
                case SourceTypes.TIMESTAMP_MILLIS:
                    return v -> micros(((Number) v).longValue() * 1_000L);
                case SourceTypes.TIMESTAMP_MICROS:
                    return v -> micros(((Number) v).longValue());
                case SourceTypes.TIMESTAMP_NANOS:
                    return v -> nanos(((Number) v).longValue());
                case SourceTypes.ZONED_TIMESTAMP:
                    return v -> OffsetDateTime.parse((String) v);
                case SourceTypes.UUID:
                    return v -> java.util.UUID.fromString((String) v);
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case INT8:
                return v -> (short) ((Byte) v).byteValue();
            case BYTES:
                return ValueConverter::bytes;
            default:
                return v -> v; // Boolean, Short, Integer, Long, Float, Double, String as they are
        }
    }

    private static BigDecimal variableDecimal(Object v) {
        Struct s = (Struct) v;
        return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale"));
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        ByteBuffer buffer = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static LocalDateTime micros(long micros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, MICROS_PER_SECOND),
                (int) (Math.floorMod(micros, MICROS_PER_SECOND) * NANOS_PER_MICRO),
                ZoneOffset.UTC);
    }

    private static LocalDateTime nanos(long nanos) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(nanos, 1_000_000_000L),
                (int) Math.floorMod(nanos, 1_000_000_000L),
                ZoneOffset.UTC);
    }
}

package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.IsoTimes;
import dev.tributary.api.event.LooseValues;
import dev.tributary.api.event.TypeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * One column of a Debezium envelope's row struct: its logical type, mapped from the Kafka Connect
 * schema type and logical name, and how to read its JSON value (as Kafka's JsonConverter writes it)
 * into the type's Java class. Immutable.
 */
final class ConnectField {

    /** How a value is read; one per distinct JSON encoding. */
    enum Reader {
        INT16,
        INT32,
        INT64,
        FLOAT32,
        FLOAT64,
        BOOLEAN,
        STRING,
        BYTES,
        DECIMAL,
        VARIABLE_DECIMAL,
        DATE,
        TIME_MILLIS,
        TIME_MICROS,
        TIME_NANOS,
        TIMESTAMP_MILLIS,
        TIMESTAMP_MICROS,
        TIMESTAMP_NANOS,
        ZONED_TIMESTAMP,
        ZONED_TIME,
        UUID,
        NESTED
    }

    private final Column column;
    private final Reader reader;
    private final int scale;

    private ConnectField(Column column, Reader reader, int scale) {
        this.column = column;
        this.reader = reader;
        this.scale = scale;
    }

    Column column() {
        return column;
    }

    String name() {
        return column.name();
    }

    /**
     * Maps one entry of a Connect struct schema's {@code fields}.
     *
     * @throws IllegalArgumentException naming the field when its type is not a Connect type
     */
    static ConnectField of(JsonNode field) {
        String name = field.path("field").asText("").intern();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a field of the row schema has no 'field' name");
        }
        String type = field.path("type").asText("");
        String logical = field.path("name").asText("");
        boolean nullable = field.path("optional").asBoolean(false);
        JsonNode parameters = field.path("parameters");
        switch (logical) {
            case "org.apache.kafka.connect.data.Decimal":
                int scale = intParameter(parameters, "scale", 0);
                int precision =
                        intParameter(parameters, "connect.decimal.precision", DataType.UNBOUNDED);
                return field(
                        name, DataType.decimal(precision, scale), nullable, Reader.DECIMAL, scale);
            case "io.debezium.data.VariableScaleDecimal":
                return field(
                        name,
                        DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED),
                        nullable,
                        Reader.VARIABLE_DECIMAL,
                        0);
            case "org.apache.kafka.connect.data.Date":
            case "io.debezium.time.Date":
                return field(name, DataType.of(TypeKind.DATE), nullable, Reader.DATE, 0);
            case "org.apache.kafka.connect.data.Time":
            case "io.debezium.time.Time":
                return field(
                        name, DataType.temporal(TypeKind.TIME, 3), nullable, Reader.TIME_MILLIS, 0);
            case "io.debezium.time.MicroTime":
                return field(
                        name, DataType.temporal(TypeKind.TIME, 6), nullable, Reader.TIME_MICROS, 0);
            case "io.debezium.time.NanoTime":
                return field(
                        name, DataType.temporal(TypeKind.TIME, 9), nullable, Reader.TIME_NANOS, 0);
            case "org.apache.kafka.connect.data.Timestamp":
            case "io.debezium.time.Timestamp":
                return field(
                        name,
                        DataType.temporal(TypeKind.TIMESTAMP, 3),
                        nullable,
                        Reader.TIMESTAMP_MILLIS,
                        0);
            case "io.debezium.time.MicroTimestamp":
                return field(
                        name,
                        DataType.temporal(TypeKind.TIMESTAMP, 6),
                        nullable,
                        Reader.TIMESTAMP_MICROS,
                        0);
            case "io.debezium.time.NanoTimestamp":
                return field(
                        name,
                        DataType.temporal(TypeKind.TIMESTAMP, 9),
                        nullable,
                        Reader.TIMESTAMP_NANOS,
                        0);
            case "io.debezium.time.ZonedTimestamp":
                return field(
                        name,
                        DataType.of(TypeKind.TIMESTAMP_TZ),
                        nullable,
                        Reader.ZONED_TIMESTAMP,
                        0);
            case "io.debezium.time.ZonedTime":
                return field(name, DataType.of(TypeKind.TIME), nullable, Reader.ZONED_TIME, 0);
            case "io.debezium.data.Uuid":
                return field(name, DataType.of(TypeKind.UUID), nullable, Reader.UUID, 0);
            case "io.debezium.data.Json":
                return field(name, DataType.of(TypeKind.JSON), nullable, Reader.STRING, 0);
            default:
                // io.debezium.data.Enum, EnumSet, Xml and other names read as their Connect type.
                return physical(name, type, nullable);
        }
    }

    private static ConnectField physical(String name, String type, boolean nullable) {
        switch (type) {
            case "int8":
            case "int16":
                return field(name, DataType.of(TypeKind.INT16), nullable, Reader.INT16, 0);
            case "int32":
                return field(name, DataType.of(TypeKind.INT32), nullable, Reader.INT32, 0);
            case "int64":
                return field(name, DataType.of(TypeKind.INT64), nullable, Reader.INT64, 0);
            case "float": // what JsonConverter writes for FLOAT32
            case "float32":
                return field(name, DataType.of(TypeKind.FLOAT32), nullable, Reader.FLOAT32, 0);
            case "double": // what JsonConverter writes for FLOAT64
            case "float64":
                return field(name, DataType.of(TypeKind.FLOAT64), nullable, Reader.FLOAT64, 0);
            case "boolean":
                return field(name, DataType.of(TypeKind.BOOLEAN), nullable, Reader.BOOLEAN, 0);
            case "string":
                return field(name, DataType.of(TypeKind.STRING), nullable, Reader.STRING, 0);
            case "bytes":
                return field(name, DataType.of(TypeKind.BYTES), nullable, Reader.BYTES, 0);
            case "struct":
            case "array":
            case "map":
                return field(name, DataType.of(TypeKind.JSON), nullable, Reader.NESTED, 0);
            default:
                throw new IllegalArgumentException(
                        "field '"
                                + name
                                + "' has type '"
                                + type
                                + "', which is not a Kafka Connect type");
        }
    }

    private static ConnectField field(
            String name, DataType type, boolean nullable, Reader reader, int scale) {
        return new ConnectField(new Column(name, type, nullable), reader, scale);
    }

    private static int intParameter(JsonNode parameters, String key, int otherwise) {
        JsonNode v = parameters.get(key);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "parameter '" + key + "' is not a whole number: " + v);
        }
    }

    /**
     * Reads the value at the parser's current token {@code t}, which is not {@code null}; leaves
     * the parser on the value's last token.
     *
     * @param row {@code before} or {@code after}, for messages
     * @throws dev.tributary.api.error.DataException of kind CONVERSION naming the field and value
     */
    Object read(JsonParser p, JsonToken t, String row) throws IOException {
        try {
            switch (reader) {
                case VARIABLE_DECIMAL:
                    return variableDecimal(p, t, row);
                case NESTED:
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        return Json.subtreeText(p);
                    }
                    throw new IllegalArgumentException("expected an object or an array");
                default:
                    return convert(new ParserScalar(p, t));
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            // Values of the wrong kind, parse failures of temporal text and UUIDs, out-of-range
            // epoch values.
            throw fail(p, t, row, reasonOf(e));
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the parser's own: the record is not valid JSON
        }
    }

    /**
     * The value of a scalar read at byte level ({@link ChangeText}): exactly what {@link #read}
     * makes of the same text, or {@link RowColumns#NOT_READ} where {@code read} fails or needs the
     * parser (nested values), so that the parser path reads the record and says why.
     */
    Object fromScalar(JsonScalar s) {
        if (reader == Reader.VARIABLE_DECIMAL || reader == Reader.NESTED) {
            return RowColumns.NOT_READ;
        }
        try {
            return convert(s);
        } catch (RuntimeException e) {
            return RowColumns.NOT_READ;
        }
    }

    /**
     * The value of a scalar, for every reader but the nested ones.
     *
     * @throws IllegalArgumentException or DateTimeException saying why the value does not fit
     */
    private Object convert(JsonScalar s) {
        switch (reader) {
            case INT16:
                return (short) whole(s, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return (int) whole(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64:
                return whole(s, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32:
                return (float) floating(s);
            case FLOAT64:
                return floating(s);
            case BOOLEAN:
                if (s.kind() == JsonScalar.Kind.TRUE || s.kind() == JsonScalar.Kind.FALSE) {
                    return s.kind() == JsonScalar.Kind.TRUE;
                }
                throw new IllegalArgumentException("expected true or false");
            case STRING:
                return text(s, "expected a string");
            case BYTES:
                return binary(s);
            case DECIMAL:
                return decimal(s);
            case DATE:
                return LocalDate.ofEpochDay(whole(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case TIME_MILLIS:
                return LocalTime.ofNanoOfDay(whole(s, 0, 86_400_000L - 1) * 1_000_000L);
            case TIME_MICROS:
                return LocalTime.ofNanoOfDay(whole(s, 0, 86_400_000_000L - 1) * 1_000L);
            case TIME_NANOS:
                return LocalTime.ofNanoOfDay(whole(s, 0, 86_400_000_000_000L - 1));
            case TIMESTAMP_MILLIS:
                return timestamp(whole(s, Long.MIN_VALUE, Long.MAX_VALUE), 1_000L);
            case TIMESTAMP_MICROS:
                return timestamp(whole(s, Long.MIN_VALUE, Long.MAX_VALUE), 1_000_000L);
            case TIMESTAMP_NANOS:
                return timestamp(whole(s, Long.MIN_VALUE, Long.MAX_VALUE), 1_000_000_000L);
            case ZONED_TIMESTAMP:
                return IsoTimes.offsetDateTime(text(s, "expected a string"));
            case ZONED_TIME:
                return IsoTimes.offsetTime(text(s, "expected a string")).toLocalTime();
            case UUID:
                return java.util.UUID.fromString(text(s, "expected a string"));
            default:
                throw new IllegalStateException("no scalar reader for " + reader);
        }
    }

    private static long whole(JsonScalar s, long min, long max) {
        if (s.kind() != JsonScalar.Kind.INTEGRAL) {
            throw new IllegalArgumentException("expected a whole number");
        }
        long n = s.integral();
        if (n < min || n > max) {
            throw new IllegalArgumentException("out of range");
        }
        return n;
    }

    private static double floating(JsonScalar s) {
        switch (s.kind()) {
            case INTEGRAL:
            case FRACTIONAL:
                return s.doubleValue();
            case STRING:
                // Jackson writes NaN and the infinities as quoted strings.
                switch (s.text()) {
                    case "NaN":
                        return Double.NaN;
                    case "Infinity":
                        return Double.POSITIVE_INFINITY;
                    case "-Infinity":
                        return Double.NEGATIVE_INFINITY;
                    default:
                        break;
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("expected a number");
    }

    private static String text(JsonScalar s, String expected) {
        if (s.kind() != JsonScalar.Kind.STRING) {
            throw new IllegalArgumentException(expected);
        }
        return s.text();
    }

    private static byte[] binary(JsonScalar s) {
        String text = text(s, "expected base64 text");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64", e);
        }
    }

    private BigDecimal decimal(JsonScalar s) {
        BigDecimal d;
        switch (s.kind()) {
            case STRING:
                // JsonConverter's default decimal.format=BASE64: the unscaled two's complement
                // bytes.
                d = new BigDecimal(new BigInteger(nonEmpty(binary(s))), scale);
                break;
            case INTEGRAL:
            case FRACTIONAL:
                // decimal.format=NUMERIC
                d = s.decimal();
                if (d.scale() != scale) {
                    try {
                        d = d.setScale(scale);
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException(
                                "more than " + scale + " decimal places", e);
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("expected base64 text or a number");
        }
        int precision = column.type().precision();
        if (precision != DataType.UNBOUNDED && d.precision() > precision) {
            throw new IllegalArgumentException(
                    d.toPlainString() + " has more than " + precision + " digits");
        }
        return d;
    }

    private BigDecimal variableDecimal(JsonParser p, JsonToken t, String row) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("expected an object with 'scale' and 'value'");
        }
        Integer varScale = null;
        byte[] unscaled = null;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            boolean isScale = "scale".equals(f);
            if (!isScale && !"value".equals(f)) {
                p.skipChildren();
                continue;
            }
            try {
                JsonScalar field = new ParserScalar(p, v);
                if (isScale) {
                    varScale = (int) whole(field, Integer.MIN_VALUE, Integer.MAX_VALUE);
                } else {
                    unscaled = nonEmpty(binary(field));
                }
            } catch (IllegalArgumentException e) {
                // names the field's value, not the object
                throw fail(p, v, row, reasonOf(e));
            }
        }
        if (varScale == null || unscaled == null) {
            throw Failures.conversion(
                    row, name(), "the object", column.type(), "expected 'scale' and 'value'");
        }
        return new BigDecimal(new BigInteger(unscaled), varScale);
    }

    private static byte[] nonEmpty(byte[] b) {
        if (b.length == 0) {
            throw new IllegalArgumentException("empty bytes");
        }
        return b;
    }

    private static LocalDateTime timestamp(long n, long perSecond) {
        long seconds = Math.floorDiv(n, perSecond);
        long fraction = Math.floorMod(n, perSecond);
        return LocalDateTime.ofEpochSecond(
                seconds, (int) (fraction * (1_000_000_000L / perSecond)), ZoneOffset.UTC);
    }

    /** Why a value did not convert, in the words declared columns use for the same mistake. */
    private String reasonOf(RuntimeException e) {
        return LooseValues.reason(e, column.type());
    }

    private RuntimeException fail(JsonParser p, JsonToken t, String row, String why)
            throws IOException {
        String shown;
        if (t == JsonToken.START_OBJECT) {
            shown = "an object";
        } else if (t == JsonToken.START_ARRAY) {
            shown = "an array";
        } else {
            shown = Failures.shown(p.getText());
        }
        return Failures.conversion(row, name(), shown, column.type(), why);
    }
}

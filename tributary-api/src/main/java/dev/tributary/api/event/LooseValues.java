package dev.tributary.api.event;

import dev.tributary.api.error.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Converts a value read from JSON without a declared type (a String, Boolean, Long, Integer,
 * BigDecimal, Double, or the JSON text of an object or array) into the Java class of a logical
 * type.
 *
 * <p>Numbers in temporal columns follow Debezium's defaults: DATE is days since the epoch; TIME is
 * microseconds of the day; TIMESTAMP and TIMESTAMP_TZ are milliseconds when the type has at most 3
 * fractional digits, microseconds otherwise (and when unbounded). A string in a DECIMAL column that
 * is not a number is read as Debezium's base64 unscaled value with the column's scale. Stateless.
 */
public final class LooseValues {
    private static final java.util.regex.Pattern BASE64 =
            java.util.regex.Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private LooseValues() {}

    /**
     * Returns {@code value} as the Java class of {@code type}; null stays null.
     *
     * @throws DataException of kind CONVERSION naming the value and type when it cannot be
     *     converted
     */
    public static Object coerce(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        try {
            return convert(value, type);
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(value, type, reason(e, type));
        }
    }

    /**
     * {@link #coerce} of an integral JSON number, without boxing it first: the same value, or the
     * same failure, as {@code coerce(Long.valueOf(n), type)}.
     *
     * @throws DataException of kind CONVERSION naming the value and type when it cannot be
     *     converted
     */
    public static Object coerceLong(long n, DataType type) {
        try {
            return integral(n, type);
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(n, type, reason(e, type));
        }
    }

    /**
     * The reason a conversion threw, for the error table: the JDK's parsers describe text that is
     * no number or time in their own words ("Character x is neither a decimal digit number, ...",
     * "Text 'yesterday' could not be parsed at index 0"); this says what was expected instead. For
     * other failures, their own message. Decoders that convert values themselves use it too, so
     * that the same mistake reads the same whatever the format.
     */
    public static String reason(RuntimeException e, DataType type) {
        if (e instanceof NumberFormatException) {
            return "not a number";
        }
        if (e instanceof DateTimeParseException) {
            switch (type.kind()) {
                case DATE:
                    return "not an ISO-8601 date such as 2026-11-24";
                case TIME:
                    return "not an ISO-8601 time such as 10:15:30";
                case TIMESTAMP:
                    return "not an ISO-8601 date and time such as 2026-11-24T10:15:30";
                case TIMESTAMP_TZ:
                    return "not an ISO-8601 date and time with an offset such as"
                            + " 2026-11-24T10:15:30Z";
                default:
                    break;
            }
        }
        return e.getMessage();
    }

    private static Object convert(Object v, DataType type) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            // A Long in an INT64 column is the value itself: no second box.
            return v instanceof Long && type.kind() == TypeKind.INT64
                    ? v
                    : integral(((Number) v).longValue(), type);
        }
        switch (type.kind()) {
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                if (v instanceof Number) {
                    long n = ((Number) v).longValue();
                    if (n == 0 || n == 1) {
                        return n == 1;
                    }
                } else if ("true".equalsIgnoreCase(v.toString())
                        || "false".equalsIgnoreCase(v.toString())) {
                    return Boolean.parseBoolean(v.toString());
                }
                throw failure(v, type, "not a boolean");
            case INT16:
                return (short) checkedLong(v, Short.MIN_VALUE, Short.MAX_VALUE, type);
            case INT32:
                return (int) checkedLong(v, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
            case INT64:
                return checkedLong(v, Long.MIN_VALUE, Long.MAX_VALUE, type);
            case FLOAT32:
                return v instanceof Number
                        ? ((Number) v).floatValue()
                        : Float.parseFloat(v.toString());
            case FLOAT64:
                return v instanceof Number
                        ? ((Number) v).doubleValue()
                        : Double.parseDouble(v.toString());
            case DECIMAL:
                return decimal(v, type);
            case STRING:
            case JSON:
                return v.toString();
            case BYTES:
                return v instanceof byte[] ? v : Base64.getDecoder().decode(v.toString());
            case DATE:
                return v instanceof Number
                        ? LocalDate.ofEpochDay(((Number) v).longValue())
                        : LocalDate.parse(v.toString());
            case TIME:
                return v instanceof Number
                        ? LocalTime.ofNanoOfDay(((Number) v).longValue() * 1000L)
                        : LocalTime.parse(v.toString());
            case TIMESTAMP:
                if (v instanceof Number) {
                    return LocalDateTime.ofInstant(
                            epoch(((Number) v).longValue(), type), ZoneOffset.UTC);
                }
                return LocalDateTime.parse(isoText(v.toString()));
            case TIMESTAMP_TZ:
                if (v instanceof Number) {
                    return epoch(((Number) v).longValue(), type).atOffset(ZoneOffset.UTC);
                }
                return offsetDateTime(v.toString());
            case UUID:
                return java.util.UUID.fromString(v.toString());
            default:
                throw failure(v, type, "unsupported type");
        }
    }

    private static Object integral(long n, DataType type) {
        switch (type.kind()) {
            case BOOLEAN:
                if (n == 0 || n == 1) {
                    return n == 1;
                }
                throw failure(n, type, "not a boolean");
            case INT16:
                return (short) inRange(n, Short.MIN_VALUE, Short.MAX_VALUE, type);
            case INT32:
                return (int) inRange(n, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
            case INT64:
                return n;
            case FLOAT32:
                return (float) n;
            case FLOAT64:
                return (double) n;
            case DECIMAL:
                return fits(BigDecimal.valueOf(n), n, type);
            case STRING:
            case JSON:
                return Long.toString(n);
            case BYTES:
                return Base64.getDecoder().decode(Long.toString(n));
            case DATE:
                return LocalDate.ofEpochDay(n);
            case TIME:
                return LocalTime.ofNanoOfDay(n * 1000L);
            case TIMESTAMP:
                return LocalDateTime.ofInstant(epoch(n, type), ZoneOffset.UTC);
            case TIMESTAMP_TZ:
                return epoch(n, type).atOffset(ZoneOffset.UTC);
            case UUID:
                return java.util.UUID.fromString(Long.toString(n));
            default:
                throw failure(n, type, "unsupported type");
        }
    }

    private static long inRange(long n, long min, long max, DataType type) {
        if (n < min || n > max) {
            throw failure(n, type, "out of range");
        }
        return n;
    }

    private static long checkedLong(Object v, long min, long max, DataType type) {
        // Integral numbers went to integral(): this is a decimal or the text of a number.
        BigDecimal d = v instanceof BigDecimal ? (BigDecimal) v : new BigDecimal(v.toString());
        long n = d.longValueExact();
        if (n < min || n > max) {
            throw failure(v, type, "out of range");
        }
        return n;
    }

    private static BigDecimal decimal(Object v, DataType type) {
        BigDecimal d;
        if (v instanceof BigDecimal) {
            d = (BigDecimal) v;
        } else if (v instanceof Number) {
            d = new BigDecimal(v.toString());
        } else {
            d = decimalText(v.toString(), v, type);
        }
        return fits(d, v, type);
    }

    private static BigDecimal decimalText(String s, Object v, DataType type) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException notANumber) {
            // Debezium's precise decimals: base64 of the unscaled two's-complement bytes, always
            // padded.
            if (s.isEmpty() || s.length() % 4 != 0 || !BASE64.matcher(s).matches()) {
                throw failure(v, type, "neither a number nor base64 unscaled bytes");
            }
            if (type.scale() == DataType.UNBOUNDED) {
                throw failure(v, type, "base64 decimal needs a declared scale");
            }
            return new BigDecimal(new BigInteger(Base64.getDecoder().decode(s)), type.scale());
        }
    }

    /** Rejects values with more integer digits than the type allows; never rounds silently. */
    private static BigDecimal fits(BigDecimal d, Object v, DataType type) {
        if (type.precision() == DataType.UNBOUNDED) {
            return d;
        }
        int scale = type.scale() == DataType.UNBOUNDED ? 0 : type.scale();
        if (d.precision() - d.scale() > type.precision() - scale) {
            throw failure(v, type, "too many digits");
        }
        if (type.scale() != DataType.UNBOUNDED
                && d.scale() > scale
                && d.stripTrailingZeros().scale() > scale) {
            throw failure(v, type, "more than " + scale + " decimal places");
        }
        return d;
    }

    private static Instant epoch(long n, DataType type) {
        if (type.length() != DataType.UNBOUNDED && type.length() <= 3) {
            return Instant.ofEpochMilli(n);
        }
        return Instant.ofEpochSecond(
                Math.floorDiv(n, 1_000_000L), Math.floorMod(n, 1_000_000L) * 1000L);
    }

    private static String isoText(String s) {
        return s.length() > 10 && s.charAt(10) == ' '
                ? s.substring(0, 10) + 'T' + s.substring(11)
                : s;
    }

    private static OffsetDateTime offsetDateTime(String s) {
        String iso = isoText(s);
        // PostgreSQL prints offsets as +02 without minutes.
        if (iso.length() > 3
                && (iso.charAt(iso.length() - 3) == '+' || iso.charAt(iso.length() - 3) == '-')
                && Character.isDigit(iso.charAt(iso.length() - 1))
                && iso.charAt(iso.length() - 4) != ':') {
            iso = iso + ":00";
        }
        return IsoTimes.offsetDateTime(iso);
    }

    private static DataException failure(Object v, DataType type, String why) {
        String shown = String.valueOf(v);
        if (shown.length() > 100) {
            shown = shown.substring(0, 100) + "...";
        }
        return new DataException(
                ErrorKind.CONVERSION, "cannot convert '" + shown + "' to " + type + ": " + why);
    }
}

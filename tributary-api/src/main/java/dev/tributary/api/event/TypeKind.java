package dev.tributary.api.event;

/**
 * The logical types every source maps into and every sink maps out of. The Java class each kind is
 * carried as inside a row is fixed, so that connectors never guess.
 */
public enum TypeKind {
    BOOLEAN(Boolean.class),
    INT16(Short.class),
    INT32(Integer.class),
    INT64(Long.class),
    FLOAT32(Float.class),
    FLOAT64(Double.class),
    /** {@link java.math.BigDecimal}; precision and scale on the {@link DataType}, or unbounded. */
    DECIMAL(java.math.BigDecimal.class),
    STRING(String.class),
    BYTES(byte[].class),
    DATE(java.time.LocalDate.class),
    /** Time of day with up to nanosecond precision. */
    TIME(java.time.LocalTime.class),
    /** Wall-clock timestamp without zone. */
    TIMESTAMP(java.time.LocalDateTime.class),
    /** An instant with the offset it was written with. */
    TIMESTAMP_TZ(java.time.OffsetDateTime.class),
    /** JSON document carried as its text. */
    JSON(String.class),
    UUID(java.util.UUID.class);

    private final Class<?> javaClass;

    TypeKind(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The class values of this kind have inside a row. */
    public Class<?> javaClass() {
        return javaClass;
    }
}

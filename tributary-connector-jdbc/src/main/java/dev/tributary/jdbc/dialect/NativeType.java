package dev.tributary.jdbc.dialect;

/**
 * A column type as {@code information_schema.columns} describes it; sizes are null when the
 * database gives none.
 *
 * @param dataType the standard type name, such as {@code character varying}
 * @param udtName the database's own type name, such as {@code varchar} or {@code jsonb}
 * @param length {@code character_maximum_length}
 * @param precision {@code numeric_precision}
 * @param scale {@code numeric_scale}
 * @param fractionalDigits {@code datetime_precision}
 */
public record NativeType(
        String dataType,
        String udtName,
        Integer length,
        Integer precision,
        Integer scale,
        Integer fractionalDigits) {}

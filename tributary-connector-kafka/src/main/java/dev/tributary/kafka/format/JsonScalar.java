package dev.tributary.kafka.format;

import java.math.BigDecimal;

/**
 * A JSON scalar as the converters of column values see it: read from a record's bytes by {@link
 * ChangeText}, or at a parser's token ({@link ParserScalar}). Both give the same values for the
 * same text.
 */
interface JsonScalar {
    /** The kinds of scalars the byte-level reader takes. */
    enum Kind {
        NULL,
        STRING,
        TRUE,
        FALSE,
        /** A number without fraction or exponent (at most 18 digits from {@link ChangeText}). */
        INTEGRAL,
        /** Any other number the reader takes. */
        FRACTIONAL,
        /** An object or an array: no scalar (the parser path's, for its messages). */
        STRUCTURE
    }

    Kind kind();

    /** The text of a {@link Kind#STRING}. */
    String text();

    /** The value of an {@link Kind#INTEGRAL} number. */
    long integral();

    /**
     * A number as Jackson's {@code getDecimalValue} gives it.
     *
     * @throws NumberFormatException for an exponent beyond BigDecimal's
     */
    BigDecimal decimal();

    /** A number as Jackson's {@code getDoubleValue} gives it. */
    double doubleValue();
}

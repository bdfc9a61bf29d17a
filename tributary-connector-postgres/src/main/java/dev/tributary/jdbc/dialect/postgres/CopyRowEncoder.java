package dev.tributary.jdbc.dialect.postgres;

/**
 * Encodes whole rows of one COPY into a reusable buffer, in one of COPY's formats, so that the
 * applier streams either format through the same loop. Not thread-safe.
 */
interface CopyRowEncoder {
    /** Writes what precedes the rows (the binary format's header); nothing for text. */
    void begin();

    /**
     * Appends one row: {@code op} first when it is not null (the staging table's op column), then
     * {@code values}.
     */
    void row(String op, Object[] values);

    /** Writes what follows the rows (the binary format's trailer); nothing for text. */
    void end();

    /** The encoded bytes are {@code buffer()[0, size())}. */
    byte[] buffer();

    int size();

    /** Forgets the encoded bytes, keeping the buffer. */
    void clear();
}

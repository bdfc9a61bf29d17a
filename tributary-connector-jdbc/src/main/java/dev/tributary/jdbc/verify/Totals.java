package dev.tributary.jdbc.verify;

/**
 * The row count and checksum of a set of rows: the checksum is the sum, modulo 2^64, of each row's
 * 64-bit hash, so it does not depend on the order of the rows. Immutable.
 *
 * @param count rows
 * @param checksum the sum of the row hashes, wrapped to 64 bits
 */
public record Totals(long count, long checksum) {

    /** No rows. */
    public static final Totals EMPTY = new Totals(0, 0);

    /** The checksum as 16 lower-case hex digits. */
    public String checksumHex() {
        return String.format("%016x", checksum);
    }
}

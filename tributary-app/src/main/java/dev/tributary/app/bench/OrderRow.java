package dev.tributary.app.bench;

/**
 * One row of the bench's 10-column orders table. {@code amount} is unscaled (cents of a {@code
 * decimal(12,2)}); both timestamps are microseconds since the epoch, {@code createdAt} a local
 * {@code timestamp(6)} and {@code updatedAt} an instant ({@code timestamptz}).
 */
record OrderRow(
        long id,
        long customerId,
        String status,
        long amountCents,
        int quantity,
        short priority,
        boolean paid,
        String note,
        long createdAtMicros,
        long updatedAtMicros) {

    /** The scale of {@code amount}, a {@code decimal(12,2)}. */
    static final int AMOUNT_SCALE = 2;
}

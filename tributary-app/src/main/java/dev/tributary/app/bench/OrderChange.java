package dev.tributary.app.bench;

/**
 * One change of the workload, in production order. {@code row} is the new row for an insert or
 * update and null for a delete; {@code sequence} counts from 0 and fixes the event's timestamps.
 */
record OrderChange(Kind kind, long id, OrderRow row, long sequence) {

    /** Debezium's op codes: c, u, d. */
    enum Kind {
        INSERT("c"),
        UPDATE("u"),
        DELETE("d");

        private final String op;

        Kind(String op) {
            this.op = op;
        }

        String op() {
            return op;
        }
    }
}

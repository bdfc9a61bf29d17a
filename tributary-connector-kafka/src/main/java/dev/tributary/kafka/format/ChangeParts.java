package dev.tributary.kafka.format;

import dev.tributary.api.event.Op;

/**
 * The fields of one Debezium change event as read from its value, before they are checked against
 * each other and made into an event. One instance per decoder, cleared for every record, so that
 * reading a record makes no object for them.
 */
final class ChangeParts {
    Op kind;

    /** The text of an op that is not one of Debezium's codes, or null. */
    String unknownOp;

    /** Typed rows: by the envelope's schema or the declared one. */
    Object[] before;

    Object[] after;

    /** Untyped rows: neither an envelope schema nor a declared one. */
    UntypedRow looseBefore;

    UntypedRow looseAfter;

    /** {@code source.ts_ms}, or -1. */
    long sourceTs;

    /** The event's own {@code ts_ms}, or -1. */
    long ts;

    ChangeParts clear() {
        kind = null;
        unknownOp = null;
        before = null;
        after = null;
        looseBefore = null;
        looseAfter = null;
        sourceTs = -1;
        ts = -1;
        return this;
    }
}

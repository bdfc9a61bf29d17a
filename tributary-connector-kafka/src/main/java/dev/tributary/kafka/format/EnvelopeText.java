package dev.tributary.kafka.format;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level checks on the compact JSON that Kafka's JsonConverter writes, {@code
 * {"schema":{...},"payload":{...}}}, used to step over a schema already known without tokenizing
 * it. Anything unexpected makes these return "no", and the caller reads the record the general way.
 */
final class EnvelopeText {
    /** How JsonConverter output begins; the schema object starts at its last byte. */
    static final byte[] SCHEMA_FIRST = "{\"schema\":{".getBytes(StandardCharsets.US_ASCII);

    /** Where the schema object starts when {@link #startsWithSchema} holds. */
    static final int SCHEMA_START = SCHEMA_FIRST.length - 1;

    private static final byte[] PAYLOAD_NAME = "\"payload\"".getBytes(StandardCharsets.US_ASCII);

    private EnvelopeText() {}

    static boolean startsWithSchema(byte[] b) {
        if (b.length < SCHEMA_FIRST.length) {
            return false;
        }
        for (int i = 0; i < SCHEMA_FIRST.length; i++) {
            if (b[i] != SCHEMA_FIRST[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The offset of the payload value when {@code b} continues at {@code pos} with {@code
     * ,"payload":}, else -1.
     */
    static int payloadAfter(byte[] b, int pos) {
        int i = skipSpace(b, pos);
        if (i >= b.length || b[i] != ',') {
            return -1;
        }
        i = skipSpace(b, i + 1);
        if (i + PAYLOAD_NAME.length > b.length) {
            return -1;
        }
        for (int k = 0; k < PAYLOAD_NAME.length; k++) {
            if (b[i + k] != PAYLOAD_NAME[k]) {
                return -1;
            }
        }
        i = skipSpace(b, i + PAYLOAD_NAME.length);
        if (i >= b.length || b[i] != ':') {
            return -1;
        }
        i = skipSpace(b, i + 1);
        return i < b.length ? i : -1;
    }

    /** True when only the closing brace of the envelope, and white space, follow {@code pos}. */
    static boolean closesAt(byte[] b, int pos) {
        int i = skipSpace(b, pos);
        if (i >= b.length || b[i] != '}') {
            return false;
        }
        return skipSpace(b, i + 1) == b.length;
    }

    /** The first position from {@code i} on that is not JSON white space. */
    static int skipSpace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }
}

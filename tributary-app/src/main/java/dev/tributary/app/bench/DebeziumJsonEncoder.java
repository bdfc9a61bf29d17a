package dev.tributary.app.bench;

import java.nio.charset.StandardCharsets;

/**
 * Writes the Kafka key and value of an {@link OrderChange} as Debezium's PostgreSQL connector and
 * JsonConverter would: {@code {"id":…}} keys; values with before/after/source/op/ts_ms. Without the
 * schema envelope ({@code schemas.enable=false}) a decimal is a JSON number; with it, the record is
 * {@code {"schema":…,"payload":…}} and a decimal is its base64 unscaled bytes, as Connect's {@code
 * Decimal} logical type requires. Updates carry no before image and deletes only the key, as with
 * the default REPLICA IDENTITY.
 *
 * <p>Reuses one buffer: not thread-safe.
 */
final class DebeziumJsonEncoder {
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    .getBytes(StandardCharsets.US_ASCII);

    private final boolean envelope;
    private final byte[] keyPrefix;
    private final byte[] keySuffix;
    private final byte[] valuePrefix;
    private final byte[] valueSuffix;
    private final byte[] sourcePrefix;
    private final byte[] sourceMiddle;
    private final byte[] deletedBeforeFields;
    private final ByteText text = new ByteText();
    private final byte[] unscaled = new byte[8];

    /**
     * @param topic the topic, {@code <prefix>.<schema>.<table>}; names the schemas and the source
     *     block
     * @param envelope true for JsonConverter's {@code {"schema":…,"payload":…}} records
     */
    DebeziumJsonEncoder(String topic, boolean envelope) {
        this.envelope = envelope;
        String[] parts = topic.split("\\.");
        String keyStart =
                envelope
                        ? "{\"schema\":" + DebeziumSchemas.key(topic) + ",\"payload\":{\"id\":"
                        : "{\"id\":";
        keyPrefix = bytes(keyStart);
        keySuffix = bytes(envelope ? "}}" : "}");
        valuePrefix =
                bytes(
                        envelope
                                ? "{\"schema\":" + DebeziumSchemas.value(topic) + ",\"payload\":"
                                : "");
        valueSuffix = bytes(envelope ? "}" : "");
        sourcePrefix =
                bytes(
                        ",\"source\":{\"version\":\"2.5.4.Final\",\"connector\":\"postgresql\",\"name\":\""
                                + parts[0]
                                + "\",\"ts_ms\":");
        sourceMiddle =
                bytes(
                        ",\"snapshot\":\"false\",\"db\":\""
                                + parts[0]
                                + "\",\"sequence\":null,\"schema\":\""
                                + parts[1]
                                + "\",\"table\":\""
                                + parts[2]
                                + "\",\"txId\":");
        deletedBeforeFields =
                bytes(
                        ",\"customer_id\":null,\"status\":null,\"amount\":null,\"quantity\":null,"
                                + "\"priority\":null,\"paid\":null,\"note\":null,\"created_at\":null,\"updated_at\":null}");
    }

    byte[] key(long id) {
        return text.clear().ascii(keyPrefix).number(id).ascii(keySuffix).toBytes();
    }

    byte[] value(OrderChange change) {
        long tsMs = OrderWorkload.timeOf(change.sequence()) / 1000;
        text.clear().ascii(valuePrefix).ascii("{\"before\":");
        if (change.kind() == OrderChange.Kind.DELETE) {
            text.ascii("{\"id\":")
                    .number(change.id())
                    .ascii(deletedBeforeFields)
                    .ascii(",\"after\":null");
        } else {
            text.ascii("null,\"after\":");
            row(change.row());
        }
        long lsn = 0x1000_0000L + change.sequence() * 128;
        text.ascii(sourcePrefix)
                .number(tsMs)
                .ascii(sourceMiddle)
                .number(1000 + change.sequence())
                .ascii(",\"lsn\":")
                .number(lsn)
                .ascii(",\"xmin\":null},\"op\":\"")
                .ascii(change.kind().op())
                .ascii("\",\"ts_ms\":")
                .number(tsMs + 3)
                .ascii(",\"transaction\":null}")
                .ascii(valueSuffix);
        return text.toBytes();
    }

    private void row(OrderRow r) {
        text.ascii("{\"id\":")
                .number(r.id())
                .ascii(",\"customer_id\":")
                .number(r.customerId())
                .ascii(",\"status\":")
                .jsonString(r.status())
                .ascii(",\"amount\":");
        if (envelope) {
            base64Unscaled(r.amountCents());
        } else {
            text.decimal(r.amountCents(), OrderRow.AMOUNT_SCALE);
        }
        text.ascii(",\"quantity\":")
                .number(r.quantity())
                .ascii(",\"priority\":")
                .number(r.priority())
                .ascii(",\"paid\":")
                .ascii(r.paid() ? "true" : "false")
                .ascii(",\"note\":")
                .jsonString(r.note())
                .ascii(",\"created_at\":")
                .number(r.createdAtMicros())
                .ascii(",\"updated_at\":\"");
        Timestamps.isoUtc(text, r.updatedAtMicros());
        text.ascii("\"}");
    }

    /**
     * Connect's Decimal: the unscaled value's minimal big-endian two's complement bytes, base64.
     */
    private void base64Unscaled(long v) {
        int n = 8;
        while (n > 1 && (v >> ((n - 1) * 8 - 1)) == (v >> 63)) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            unscaled[i] = (byte) (v >> ((n - 1 - i) * 8));
        }
        text.ascii('"');
        for (int i = 0; i < n; i += 3) {
            int b0 = unscaled[i] & 0xFF;
            int b1 = i + 1 < n ? unscaled[i + 1] & 0xFF : 0;
            int b2 = i + 2 < n ? unscaled[i + 2] & 0xFF : 0;
            text.ascii((char) BASE64[b0 >> 2]).ascii((char) BASE64[((b0 & 3) << 4) | (b1 >> 4)]);
            text.ascii(i + 1 < n ? (char) BASE64[((b1 & 0xF) << 2) | (b2 >> 6)] : '=');
            text.ascii(i + 2 < n ? (char) BASE64[b2 & 0x3F] : '=');
        }
        text.ascii('"');
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

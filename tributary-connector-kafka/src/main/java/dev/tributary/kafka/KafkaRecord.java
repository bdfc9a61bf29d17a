package dev.tributary.kafka;

import dev.tributary.api.flink.EventTypeInfo;
import java.util.Objects;

/**
 * One record as read from Kafka, before decoding: where it was read and its raw key and value. The
 * value is null for a tombstone. Immutable: the byte arrays are never modified after construction,
 * which lets Flink pass the record between chained operators without copying.
 */
public final class KafkaRecord {
    /** Flink type information with the record's own serializer (never Kryo). */
    public static final EventTypeInfo<KafkaRecord> TYPE =
            EventTypeInfo.of(KafkaRecord.class, KafkaRecordSerializer.INSTANCE);

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final byte[] key;
    private final byte[] value;

    /**
     * @param timestamp the record's Kafka timestamp (epoch ms), or -1 when it has none
     * @param key the raw key, or null
     * @param value the raw value, or null for a tombstone
     */
    public KafkaRecord(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The Kafka record timestamp (epoch ms), or -1. */
    public long timestamp() {
        return timestamp;
    }

    /** The raw key, or null. Do not modify. */
    public byte[] key() {
        return key;
    }

    /** The raw value, or null for a tombstone. Do not modify. */
    public byte[] value() {
        return value;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}

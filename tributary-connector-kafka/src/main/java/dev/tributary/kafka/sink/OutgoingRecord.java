package dev.tributary.kafka.sink;

/**
 * One Kafka record as the writer hands it to Flink's KafkaSink writer. The writer fills one
 * instance per record and KafkaSink's writer turns it into a ProducerRecord before its {@code
 * write} returns, so a single instance is reused for every record. Not thread-safe.
 */
final class OutgoingRecord {
    private String topic;
    private byte[] key;
    private byte[] value;

    /**
     * Sets the record; {@code key} is null for a table without key, {@code value} for a tombstone.
     */
    OutgoingRecord set(String topic, byte[] key, byte[] value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        return this;
    }

    String topic() {
        return topic;
    }

    byte[] key() {
        return key;
    }

    byte[] value() {
        return value;
    }
}

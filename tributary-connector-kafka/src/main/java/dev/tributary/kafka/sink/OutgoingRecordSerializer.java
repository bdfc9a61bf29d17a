package dev.tributary.kafka.sink;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns an {@link OutgoingRecord} into the producer record KafkaSink sends: its topic, key and
 * value as they are, no partition (Kafka's default partitioner hashes the key, as for Debezium) and
 * no timestamp (the producer's clock).
 */
final class OutgoingRecordSerializer implements KafkaRecordSerializationSchema<OutgoingRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            OutgoingRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(record.topic(), null, null, record.key(), record.value());
    }
}

package dev.tributary.kafka.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads every record of a one-partition topic, as a consumer with a given isolation level. */
final class CommittedRecords {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private CommittedRecords() {}

    /** The records a read_committed consumer sees, up to the last stable offset. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        return read(bootstrap, topic, "read_committed");
    }

    /** Everything in the log, aborted transactions included. */
    static List<ConsumerRecord<byte[], byte[]>> readUncommitted(String bootstrap, String topic) {
        return read(bootstrap, topic, "read_uncommitted");
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(
            String bootstrap, String topic, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // For read_committed the end offset is the last stable offset: nothing open is waited
            // for, and what is committed before it is all there.
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition) < end.get(partition)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "did not reach offset " + end.get(partition) + " of " + topic);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}

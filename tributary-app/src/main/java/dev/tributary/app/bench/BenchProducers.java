package dev.tributary.app.bench;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka producers of the bench: one tuned for bulk throughput, one for low latency. */
final class BenchProducers {
    private BenchProducers() {}

    /** acks=all, 20 ms linger and 256 KiB batches: the bulk workload. */
    static KafkaProducer<byte[], byte[]> bulk(String bootstrapServers) {
        return create(bootstrapServers, 20, 256 * 1024);
    }

    /** acks=all and no linger: the paced run measures latency from the send call. */
    static KafkaProducer<byte[], byte[]> paced(String bootstrapServers) {
        return create(bootstrapServers, 0, 16 * 1024);
    }

    private static KafkaProducer<byte[], byte[]> create(
            String bootstrapServers, int lingerMs, int batchSize) {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        lingerMs,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        batchSize,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        64L * 1024 * 1024,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "tributary-bench");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

package dev.tributary.app.bench;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces the whole workload into one topic, keyed by id so that the default partitioner keeps
 * every key's changes in order in one partition, and waits until all are acknowledged.
 */
final class WorkloadProducer {
    /** How many events went out, how many bytes of keys and values, and how long it took. */
    record Result(long events, long bytes, long nanos) {
        double eventsPerSecond() {
            return events * 1e9 / nanos;
        }
    }

    private final String bootstrapServers;
    private final String topic;
    private final boolean envelope;

    WorkloadProducer(String bootstrapServers, String topic, boolean envelope) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.envelope = envelope;
    }

    /** Sends every remaining event of {@code workload}; throws if any send failed. */
    Result produce(OrderWorkload workload) {
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(topic, envelope);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback =
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                };
        long events = 0;
        long bytes = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = BenchProducers.bulk(bootstrapServers)) {
            while (workload.hasNext() && failure.get() == null) {
                OrderChange change = workload.next();
                byte[] key = encoder.key(change.id());
                byte[] value = encoder.value(change);
                producer.send(new ProducerRecord<>(topic, key, value), callback);
                events++;
                bytes += key.length + value.length;
            }
            producer.flush();
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "producing the workload into "
                            + topic
                            + " failed after "
                            + events
                            + " events: "
                            + failure.get().getMessage(),
                    failure.get());
        }
        return new Result(events, bytes, nanos);
    }
}

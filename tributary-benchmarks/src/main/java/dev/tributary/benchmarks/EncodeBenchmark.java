package dev.tributary.benchmarks;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.kafka.format.DebeziumJsonEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Kafka sink's work per event: one change event written as Debezium JSON, key and value, as the
 * {@code kafka} sink writes it. The events are the bench's, decoded as the pipeline decodes them.
 */
public class EncodeBenchmark extends HotPathBenchmark {
    private static final String TOPIC = "warehouse.public.orders";

    /** JsonConverter's schema envelope on key and value, or bare payloads. */
    @Param({"false", "true"})
    public boolean envelope;

    private ChangeEvent[] events;
    private DebeziumJsonEncoder encoder;
    private int next;

    @Setup
    public void setUp() {
        events = Workload.events(false);
        encoder = new DebeziumJsonEncoder(envelope, "bench", "benchmark");
    }

    @Benchmark
    public void encode(Blackhole out) {
        ChangeEvent e = events[next];
        next = (next + 1) & (events.length - 1);
        out.consume(encoder.key(TOPIC, e));
        out.consume(encoder.value(TOPIC, e, 0L));
    }
}

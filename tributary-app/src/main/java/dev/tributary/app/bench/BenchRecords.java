package dev.tributary.app.bench;

import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.KafkaRecord;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.config.PipelineFileParser;
import dev.tributary.runtime.route.RuleDeclarations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's orders records and the table its pipeline declares, for measuring parts of the
 * pipeline on their own (the JMH benchmarks of {@code tributary-benchmarks}): the same bytes that
 * {@code tributary bench} writes to Kafka, and the same declarations its pipeline file makes.
 */
public final class BenchRecords {
    /** The topic of the bench's orders, {@code <prefix>.<schema>.<table>}. */
    public static final String TOPIC = BenchCommand.ORDERS_TOPIC;

    private BenchRecords() {}

    /**
     * The first {@code events} change records of the bench's workload over {@code keys} ids, as
     * partition 0 of {@link #TOPIC} at offsets 0, 1, ...
     *
     * @param envelope JsonConverter's schema envelope ({@code tributary bench --envelope}) or bare
     *     payloads (the bench's default)
     */
    public static List<KafkaRecord> orders(long seed, int events, int keys, boolean envelope) {
        OrderWorkload workload = new OrderWorkload(seed, events, keys);
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(TOPIC, envelope);
        List<KafkaRecord> records = new ArrayList<>(events);
        for (long offset = 0; workload.hasNext(); offset++) {
            OrderChange change = workload.next();
            records.add(
                    new KafkaRecord(
                            TOPIC,
                            0,
                            offset,
                            OrderWorkload.BASE_MICROS / 1000 + offset,
                            encoder.key(change.id()),
                            encoder.value(change)));
        }
        return records;
    }

    /** The tables the bench's pipeline file declares (the orders columns and key). */
    public static TableDeclarations declarations() {
        String yaml =
                BenchPipeline.yaml(
                        BenchPipeline.NAME,
                        "localhost:9092",
                        "jdbc:postgresql://localhost:5432/bench",
                        "bench",
                        "",
                        Path.of("state"),
                        Duration.ofSeconds(2),
                        1,
                        TOPIC);
        PipelineDefinition definition = new PipelineFileParser().parse(yaml, "bench.yaml");
        return new RuleDeclarations(definition.tables());
    }
}

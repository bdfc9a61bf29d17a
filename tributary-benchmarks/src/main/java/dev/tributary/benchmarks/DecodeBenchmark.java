package dev.tributary.benchmarks;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.app.bench.BenchRecords;
import dev.tributary.kafka.KafkaRecord;
import dev.tributary.kafka.format.DebeziumJsonDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Decoding one Kafka record of the bench into a change event: what the Kafka source's task thread
 * does per record. The records are the bench's own (the first {@link Workload#EVENTS} of its
 * workload, with its seed and its share of inserts), decoded in a loop; the decoder is the one the
 * pipeline makes, with the bench's declared columns.
 */
public class DecodeBenchmark extends HotPathBenchmark {
    /** JsonConverter's schema envelope, or bare payloads with declared columns (the default). */
    @Param({"false", "true"})
    public boolean envelope;

    private KafkaRecord[] records;
    private DebeziumJsonDecoder decoder;
    private int next;

    @Setup
    public void setUp() {
        records = Workload.records(envelope);
        decoder = new DebeziumJsonDecoder(BenchRecords.declarations(), true);
        // Measure decoding, not failing: every record must decode to an event.
        Workload.decodeAll(decoder, records);
    }

    @Benchmark
    public ChangeEvent decode() {
        KafkaRecord r = records[next];
        next = (next + 1) & (records.length - 1);
        return decoder.decode(r);
    }
}

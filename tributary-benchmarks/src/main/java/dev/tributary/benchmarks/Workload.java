package dev.tributary.benchmarks;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.app.bench.BenchRecords;
import dev.tributary.kafka.KafkaRecord;
import dev.tributary.kafka.format.DebeziumJsonDecoder;

/** The records and events the benchmarks share: a slice of {@code tributary bench}'s workload. */
final class Workload {
    /** A power of two, so a benchmark cycles through them with a mask. */
    static final int EVENTS = 1 << 16;

    /** The bench's ratio of events to keys (1,000,000 over 200,000): a fifth are inserts. */
    static final int KEYS = EVENTS / 5;

    /** {@code tributary bench}'s default seed. */
    static final long SEED = 42;

    private Workload() {}

    static KafkaRecord[] records(boolean envelope) {
        return BenchRecords.orders(SEED, EVENTS, KEYS, envelope).toArray(new KafkaRecord[0]);
    }

    /** The records decoded as the pipeline decodes them. */
    static ChangeEvent[] events(boolean envelope) {
        return decodeAll(
                new DebeziumJsonDecoder(BenchRecords.declarations(), true), records(envelope));
    }

    /**
     * Decodes every record; fails when one does not become an event, so that no benchmark measures
     * the cost of an error.
     */
    static ChangeEvent[] decodeAll(DebeziumJsonDecoder decoder, KafkaRecord[] records) {
        ChangeEvent[] events = new ChangeEvent[records.length];
        for (int i = 0; i < records.length; i++) {
            events[i] = decoder.decode(records[i]);
            if (events[i] == null) {
                throw new IllegalStateException("record " + i + " decoded to no event");
            }
        }
        return events;
    }
}

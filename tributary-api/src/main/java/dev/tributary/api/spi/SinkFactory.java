package dev.tributary.api.spi;

import dev.tributary.api.event.SinkRecord;
import org.apache.flink.api.connector.sink2.Sink;

/** Builds the Flink sink of one {@code sinks:} entry. */
public interface SinkFactory extends Factory {

    /**
     * Returns a sink that applies every record it receives to its target table in the record's
     * mode, and writes the records it cannot apply to the context's error table with the reason.
     * Its delivery guarantee is documented per sink and mode.
     */
    Sink<SinkRecord> create(SinkContext context);
}

package dev.tributary.api.spi;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;

/** Builds the Flink sink of one {@code sinks:} entry. */
public interface SinkFactory extends Factory {

    /**
     * Returns a sink that applies every record it receives to its target table in the record's
     * mode, and writes the records it cannot apply to the context's error table with the reason.
     * Its delivery guarantee is documented per sink and mode.
     */
    Sink<SinkRecord> create(SinkContext context);

    /**
     * The table id under which a source downstream of this sink sees what the sink wrote to {@code
     * target}: for a Kafka sink, the topic, as the Kafka source names tables. Empty for sinks that
     * are end points (databases, lakehouse tables). {@code tributary verify} follows it from one
     * pipeline file to the next.
     *
     * @param pipelineName the name of the pipeline the sink belongs to (some defaults derive from
     *     it)
     */
    default Optional<TableId> downstreamTable(
            String pipelineName, Options options, TableId target) {
        return Optional.empty();
    }
}

package dev.tributary.api.spi;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What a source produces: decoded change events, and the records it could not decode. */
public final class SourceStreams {
    private final DataStream<ChangeEvent> events;
    private final DataStream<ErrorRecord> errors;

    public SourceStreams(DataStream<ChangeEvent> events, DataStream<ErrorRecord> errors) {
        this.events = Objects.requireNonNull(events, "events");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    public DataStream<ChangeEvent> events() {
        return events;
    }

    public DataStream<ErrorRecord> errors() {
        return errors;
    }
}

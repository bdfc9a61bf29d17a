package dev.tributary.api.spi;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.TableId;

/** What a {@link SinkFactory} gets to build its sink. */
public interface SinkContext {

    /** The pipeline's name, unique per target: it keys the sink's commit rows. */
    String pipelineName();

    /** The {@code name:} of this sink block. */
    String sinkName();

    /** The validated options of this sink block. */
    Options options();

    /**
     * The table in this sink where rows it cannot write go, as {@link
     * dev.tributary.api.event.ErrorRecord#SCHEMA} rows in {@link
     * dev.tributary.api.event.WriteMode#INSERT} mode.
     */
    TableId errorTable();
}

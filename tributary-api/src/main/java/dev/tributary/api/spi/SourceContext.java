package dev.tributary.api.spi;

import dev.tributary.api.config.Options;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What a {@link SourceFactory} gets to build its source. */
public interface SourceContext {

    /** The pipeline's name, unique per target: it names commit and status rows. */
    String pipelineName();

    /** The {@code name:} of this source block. */
    String sourceName();

    /** The validated options of this source block. */
    Options options();

    /** Where to add the source. */
    StreamExecutionEnvironment environment();

    /** Schemas the pipeline file declares for tables of this source. */
    TableDeclarations declarations();
}

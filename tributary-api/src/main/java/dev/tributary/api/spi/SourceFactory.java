package dev.tributary.api.spi;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.TableId;
import java.util.List;
import java.util.Optional;

/** Builds the stream of change events of one {@code sources:} entry. */
public interface SourceFactory extends Factory {

    /**
     * Adds this source to the context's environment and returns its events and its decode errors.
     * Every record the source reads must come out of exactly one of the two streams: nothing is
     * dropped silently (tombstones are the documented exception). The source's read position must
     * be part of Flink's checkpoints.
     */
    SourceStreams create(SourceContext context);

    /**
     * The database this source reads, when it reads one directly (a CDC source), so that verify can
     * compare the target with it and status can estimate snapshots and report the source's hold on
     * the database; empty for sources such as Kafka. Called with validated options, from the CLI
     * thread; does not connect.
     *
     * @param pipelineName the name of the pipeline the source belongs to (some defaults, such as a
     *     replication slot's name, derive from it)
     * @param sourceName the source's {@code name} in the pipeline file
     */
    default Optional<SourceDatabase> database(
            String pipelineName, String sourceName, Options options) {
        return Optional.empty();
    }

    /**
     * A probe that follows this source's confirmed read position, so that {@code tributary verify}
     * can wait until a pipeline has read and committed everything up to a position taken at its
     * start. Empty when the source cannot tell (the default), or when it reads none of {@code
     * tables}. Called with validated options, from the CLI thread; the caller closes the probe.
     *
     * @param pipelineName the pipeline the source belongs to (default slot names and consumer
     *     groups derive from it)
     * @param sourceName the {@code name:} of the source block
     * @param tables the tables the caller follows, named as this source names them (for a Kafka
     *     source, topics); a CDC source follows its whole log and may ignore them
     */
    default Optional<ProgressProbe> progressProbe(
            String pipelineName, String sourceName, Options options, List<TableId> tables) {
        return Optional.empty();
    }
}

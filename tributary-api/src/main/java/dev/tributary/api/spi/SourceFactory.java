package dev.tributary.api.spi;

/** Builds the stream of change events of one {@code sources:} entry. */
public interface SourceFactory extends Factory {

    /**
     * Adds this source to the context's environment and returns its events and its decode errors.
     * Every record the source reads must come out of exactly one of the two streams: nothing is
     * dropped silently (tombstones are the documented exception). The source's read position must
     * be part of Flink's checkpoints.
     */
    SourceStreams create(SourceContext context);
}

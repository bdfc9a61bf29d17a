package dev.tributary.api.spi;

/**
 * Follows one reader through a log, for {@code tributary verify}: it takes the position where the
 * log ends now ({@link #mark()}), then tells how far the reader's confirmed position is from it
 * ({@link #progress()}). A CDC source's probe reads the database's log position and its replication
 * slot; a Kafka source's probe reads the end offsets of its topics and the offsets its consumer
 * group committed.
 *
 * <p>Lifecycle: {@link #mark()} once, then {@link #progress()} as often as needed, then {@link
 * #close()}. Not thread-safe; used from the CLI thread only. Implementations open their connections
 * lazily and release them in {@link #close()}.
 */
public interface ProgressProbe extends AutoCloseable {

    /**
     * What this probe follows, for output, such as {@code replication slot tributary_shop} or
     * {@code consumer group tributary-apply-shop on 4 topics}; never null.
     */
    String description();

    /**
     * Takes the position the reader has to pass: where the log ends now. Called once, before {@link
     * #progress()}.
     *
     * @return the position as the source's users know it, for output, such as the PostgreSQL LSN
     *     {@code 0/3A1B2C8}; never null
     * @throws dev.tributary.api.error.RetriableException when the log cannot be reached for now
     * @throws dev.tributary.api.error.TributaryException when it refuses the request
     */
    String mark();

    /**
     * How far the reader's confirmed position is from the position {@link #mark()} took. The reader
     * has passed it when everything up to it is confirmed: by a checkpoint, which also commits what
     * the pipeline wrote up to there.
     *
     * @throws IllegalStateException when {@link #mark()} was not called
     * @throws dev.tributary.api.error.RetriableException when the log cannot be reached for now
     * @throws dev.tributary.api.error.TributaryException when it refuses the request
     */
    Progress progress();

    /** Releases the probe's connections; never throws. */
    @Override
    void close();
}

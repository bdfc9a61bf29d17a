package dev.tributary.jdbc.writer;

import dev.tributary.api.event.SinkRecord;
import dev.tributary.jdbc.commit.BackgroundApplier;
import dev.tributary.jdbc.commit.JdbcCommittable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records in memory, reduced per table and encoded into bytes as they arrive ({@link
 * BatchBuffer}), and hands them to the committer as one numbered batch per checkpoint, which the
 * checkpoint stores as those bytes and the committer decodes when it applies it. It never touches
 * the database itself: every batch is committed in one transaction once its checkpoint is complete.
 *
 * <p>With a {@link BackgroundApplier} (the Flink writer, chained with its committer), this writer
 * hands each batch it builds to that applier to be written ahead, in a transaction left open, and
 * the committer hands it over again to be committed instead of applying it in the task thread. This
 * writer keeps exactly once: before it builds the next batch ({@link #flush}, {@link
 * #prepareCommit}, both called in prepareSnapshotPreBarrier of the next checkpoint), in {@link
 * #snapshotState} and in {@link #close} it waits until every handed-off batch is applied, and
 * throws when one failed, which fails the checkpoint and the job before any checkpoint without that
 * batch can complete (see {@link BackgroundApplier}). Used by one Flink task thread.
 */
public final class JdbcSinkWriter
        implements CommittingSinkWriter<SinkRecord, JdbcCommittable>,
                StatefulSinkWriter<SinkRecord, JdbcWriterState> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkWriter.class);

    private final String pipeline;
    private final String sink;
    private final int subtask;
    private final BatchBuffer buffer = new BatchBuffer();

    /** Null when the committer applies synchronously. */
    private final BackgroundApplier applier;

    private long lastSequence;

    /**
     * A writer whose committer applies synchronously.
     *
     * @param lastSequence the last sequence number this subtask handed out (restored from a
     *     checkpoint or read from the commit table); the next batch gets the one after
     */
    public JdbcSinkWriter(String pipeline, String sink, int subtask, long lastSequence) {
        this(pipeline, sink, subtask, lastSequence, null);
    }

    /**
     * @param applier the registered applier the chained committer hands this subtask's batches to,
     *     or null; closed with this writer
     */
    public JdbcSinkWriter(
            String pipeline,
            String sink,
            int subtask,
            long lastSequence,
            BackgroundApplier applier) {
        this.pipeline = pipeline;
        this.sink = sink;
        this.subtask = subtask;
        this.lastSequence = lastSequence;
        this.applier = applier;
    }

    @Override
    public void write(SinkRecord record, Context context) {
        buffer.add(record);
    }

    /** Buffers one record; the same as {@link #write(SinkRecord, Context)}. */
    public void write(SinkRecord record) {
        buffer.add(record);
    }

    /** Rows reach the database only through the committer; waits for its background applies. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        awaitApplied();
    }

    /**
     * The buffered changes as the next batch, after every batch handed to the background applier
     * for commit is applied; the applier starts writing the new batch ahead.
     *
     * @throws IOException when a background apply failed
     */
    @Override
    public Collection<JdbcCommittable> prepareCommit() throws IOException, InterruptedException {
        awaitApplied();
        if (buffer.isEmpty()) {
            buffer.drain();
            return List.of();
        }
        lastSequence++;
        JdbcCommittable batch =
                new JdbcCommittable(pipeline, sink, subtask, lastSequence, buffer.drain());
        if (applier != null) {
            // Written while Flink completes the checkpoint; committed when the committer hands it
            // over.
            applier.writeAhead(batch);
        }
        return List.of(batch);
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
        // prepareCommit waited already, except for checkpoints after the end of input, which do not
        // prepare batches: a batch handed off since then must be applied before this one completes.
        try {
            awaitApplied();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the background apply");
        }
        return List.of(new JdbcWriterState(subtask, lastSequence));
    }

    private void awaitApplied() throws IOException, InterruptedException {
        if (applier != null) {
            long started = System.nanoTime();
            applier.awaitApplied();
            if (LOG.isDebugEnabled()) {
                LOG.debug(
                        "{}/{}/{}: waited {} ms for the background apply",
                        pipeline,
                        sink,
                        subtask,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /** The last sequence number handed out. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Unregisters the applier and waits for its applies; throws when one failed. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (applier != null) {
            applier.close();
        }
    }
}

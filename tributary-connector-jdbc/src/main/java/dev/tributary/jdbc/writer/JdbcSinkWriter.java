package dev.tributary.jdbc.writer;

import dev.tributary.api.event.SinkRecord;
import dev.tributary.jdbc.commit.BackgroundApplier;
import dev.tributary.jdbc.commit.JdbcCommittable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
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
 * the database: everything is written by the committer in one transaction once the checkpoint is
 * complete.
 *
 * <p>With a {@link BackgroundApplier} (the Flink writer, chained with its committer), the committer
 * hands the batches to that applier instead of applying them in the task thread, and this writer
 * keeps exactly once without waiting for the database at each barrier: {@link #prepareCommit} hands
 * every batch the applier has not applied yet to the committer again, beside the new one, so that
 * the next checkpoint holds it once more (the committer's sequence check applies it once). It waits
 * only when the applier is more than {@value #BATCHES_BEHIND} batch behind, at the end of the input
 * and in {@link #close}, and throws when an apply failed, which fails the checkpoint and the job
 * (see {@link BackgroundApplier}). Used by one Flink task thread.
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

    /** How many handed-off batches may wait for the database before a barrier waits for them. */
    static final int BATCHES_BEHIND = 1;

    private long lastSequence;

    /** Set by the flush at the end of the input: checkpoints after it prepare no batches. */
    private boolean inputEnded;

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

    /**
     * Rows reach the database only through the committer; at the end of the input this waits for
     * every background apply.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (endOfInput) {
            inputEnded = true;
            awaitApplied();
        }
    }

    /**
     * The buffered changes as the next batch, after the batches handed to the background applier
     * and not applied yet, which the coming checkpoint must hold again.
     *
     * @throws IOException when a background apply failed
     */
    @Override
    public Collection<JdbcCommittable> prepareCommit() throws IOException, InterruptedException {
        List<JdbcCommittable> batches = new ArrayList<>(notAppliedYet());
        if (buffer.isEmpty()) {
            buffer.drain();
            return batches;
        }
        lastSequence++;
        batches.add(new JdbcCommittable(pipeline, sink, subtask, lastSequence, buffer.drain()));
        return batches;
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
        // After the end of the input no batches are prepared: a batch handed off since then must be
        // applied before this checkpoint completes.
        if (inputEnded) {
            try {
                awaitApplied();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(
                        "interrupted while waiting for the background apply");
            }
        }
        return List.of(new JdbcWriterState(subtask, lastSequence));
    }

    private List<JdbcCommittable> notAppliedYet() throws IOException, InterruptedException {
        if (applier == null) {
            return List.of();
        }
        long started = System.nanoTime();
        List<JdbcCommittable> pending = applier.pending(BATCHES_BEHIND);
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{}/{}/{}: waited {} ms for the background apply; {} handed over again",
                    pipeline,
                    sink,
                    subtask,
                    (System.nanoTime() - started) / 1_000_000,
                    pending);
        }
        return pending;
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

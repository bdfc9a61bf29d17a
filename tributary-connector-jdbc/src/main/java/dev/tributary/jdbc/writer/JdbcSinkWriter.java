package dev.tributary.jdbc.writer;

import dev.tributary.api.event.SinkRecord;
import dev.tributary.jdbc.commit.JdbcCommittable;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/**
 * Buffers records in memory, reduced per table, and hands them to the committer as one numbered
 * batch per checkpoint. It never touches the database: everything is written by the committer in
 * one transaction once the checkpoint is complete. Used by one Flink task thread.
 */
public final class JdbcSinkWriter
        implements CommittingSinkWriter<SinkRecord, JdbcCommittable>,
                StatefulSinkWriter<SinkRecord, JdbcWriterState> {

    private final String pipeline;
    private final String sink;
    private final int subtask;
    private final BatchBuffer buffer = new BatchBuffer();
    private long lastSequence;

    /**
     * @param lastSequence the last sequence number this subtask handed out (restored from a checkpoint
     *     or read from the commit table); the next batch gets the one after
     */
    public JdbcSinkWriter(String pipeline, String sink, int subtask, long lastSequence) {
        this.pipeline = pipeline;
        this.sink = sink;
        this.subtask = subtask;
        this.lastSequence = lastSequence;
    }

    @Override
    public void write(SinkRecord record, Context context) {
        buffer.add(record);
    }

    /** Buffers one record; the same as {@link #write(SinkRecord, Context)}. */
    public void write(SinkRecord record) {
        buffer.add(record);
    }

    @Override
    public void flush(boolean endOfInput) {
        // Nothing to flush: rows reach the database only through the committer.
    }

    @Override
    public Collection<JdbcCommittable> prepareCommit() {
        if (buffer.isEmpty()) {
            buffer.drain();
            return List.of();
        }
        lastSequence++;
        return List.of(new JdbcCommittable(pipeline, sink, subtask, lastSequence, buffer.drain()));
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) {
        return List.of(new JdbcWriterState(subtask, lastSequence));
    }

    /** The last sequence number handed out. */
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public void close() {}
}

package dev.tributary.jdbc;

import dev.tributary.api.event.SinkRecord;
import dev.tributary.jdbc.commit.BackgroundApplier;
import dev.tributary.jdbc.commit.BackgroundApplies;
import dev.tributary.jdbc.commit.CommitTable;
import dev.tributary.jdbc.commit.JdbcCommittable;
import dev.tributary.jdbc.commit.JdbcCommittableSerializer;
import dev.tributary.jdbc.commit.JdbcCommitter;
import dev.tributary.jdbc.commit.Retry;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.Dialects;
import dev.tributary.jdbc.dialect.FailureKind;
import dev.tributary.jdbc.writer.JdbcSinkWriter;
import dev.tributary.jdbc.writer.JdbcWriterState;
import dev.tributary.jdbc.writer.JdbcWriterStateSerializer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The jdbc sink: writers buffer and reduce records per checkpoint, the committer applies each batch
 * exactly once in one transaction with its sequence number (see {@link JdbcCommitter}). Writers
 * created by Flink register a {@link BackgroundApplier}, which writes each batch ahead from the
 * barrier on and commits it when a committer chained with its writer hands the batch over, while
 * the task reads on.
 */
public final class JdbcSink
        implements Sink<SinkRecord>,
                SupportsCommitter<JdbcCommittable>,
                SupportsWriterState<SinkRecord, JdbcWriterState> {
    private static final long serialVersionUID = 1L;

    private final JdbcSinkConfig config;

    public JdbcSink(JdbcSinkConfig config) {
        this.config = config;
    }

    public JdbcSinkConfig config() {
        return config;
    }

    /** The dialect for the configured URL, from the class path of this sink. */
    public Dialect dialect() {
        return Dialects.forUrl(config.url(), JdbcSink.class.getClassLoader());
    }

    @Override
    @Deprecated
    public SinkWriter<SinkRecord> createWriter(Sink.InitContext context) throws IOException {
        return createWriter(context.getTaskInfo().getIndexOfThisSubtask(), List.of(), true);
    }

    @Override
    public SinkWriter<SinkRecord> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<SinkRecord, JdbcWriterState> restoreWriter(
            WriterInitContext context, Collection<JdbcWriterState> recoveredState)
            throws IOException {
        return createWriter(context.getTaskInfo().getIndexOfThisSubtask(), recoveredState, true);
    }

    /**
     * A writer for {@code subtask} that numbers its batches after both the restored state and the
     * commit table, so that neither a lost checkpoint directory nor an old savepoint makes new
     * batches look already committed.
     */
    public JdbcSinkWriter createWriter(int subtask, Collection<JdbcWriterState> restored)
            throws IOException {
        return createWriter(subtask, restored, false);
    }

    /**
     * As {@link #createWriter(int, Collection)}; with {@code background}, the writer registers a
     * {@link BackgroundApplier} owned by the calling thread, to which a committer used in the same
     * thread hands this subtask's batches.
     */
    public JdbcSinkWriter createWriter(
            int subtask, Collection<JdbcWriterState> restored, boolean background)
            throws IOException {
        long last = 0;
        for (JdbcWriterState s : restored) {
            if (s.subtask() == subtask) {
                last = Math.max(last, s.sequence());
            }
        }
        long stored;
        try {
            stored = storedSequence(subtask);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the commit table", e);
        }
        BackgroundApplier applier =
                background
                        ? BackgroundApplier.open(
                                new BackgroundApplies.Key(
                                        config.pipeline(), config.sinkName(), subtask),
                                config,
                                dialect())
                        : null;
        return new JdbcSinkWriter(
                config.pipeline(), config.sinkName(), subtask, Math.max(last, stored), applier);
    }

    private long storedSequence(int subtask) throws IOException, InterruptedException {
        Dialect dialect = dialect();
        CommitTable table = new CommitTable(dialect, config.commitTable());
        Retry retry =
                new Retry(
                        config.maxRetries(),
                        config.retryBackoff(),
                        e ->
                                e instanceof SQLException
                                        && dialect.classify((SQLException) e)
                                                == FailureKind.TRANSIENT,
                        e ->
                                config.mask(
                                        "pipeline="
                                                + config.pipeline()
                                                + " sink="
                                                + config.sinkName()
                                                + " url="
                                                + config.url()
                                                + ": "
                                                + e));
        return retry.run(
                "reading the commit table " + config.commitTable(),
                () -> {
                    try (Connection c = dialect.connect(config.url(), config.driverProperties())) {
                        return table.storedSequence(
                                c, config.pipeline(), config.sinkName(), subtask);
                    }
                });
    }

    @Override
    public Committer<JdbcCommittable> createCommitter(CommitterInitContext context) {
        return createCommitter(context.getTaskInfo().getIndexOfThisSubtask());
    }

    /** A committer that applies every batch handed to it synchronously. */
    public JdbcCommitter createCommitter() {
        return new JdbcCommitter(config, dialect());
    }

    /**
     * The committer of {@code subtask}, as Flink creates it in that subtask's task thread: a writer
     * of the same subtask created in the same thread writes its batches ahead for it.
     */
    public JdbcCommitter createCommitter(int subtask) {
        return new JdbcCommitter(config, dialect(), subtask);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommittable> getCommittableSerializer() {
        return new JdbcCommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return new JdbcWriterStateSerializer();
    }
}

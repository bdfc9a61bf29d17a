package dev.tributary.jdbc.commit;

import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.dialect.Dialect;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one writer subtask's batches on a background thread, so that the database works while the
 * Flink task thread goes on reading and decoding the next checkpoint's records.
 *
 * <p><b>Why.</b> Flink calls {@link JdbcCommitter#commit} in the task thread on
 * notifyCheckpointComplete, and Flink 1.20's committer cannot defer work ({@code retryLater()} is
 * retried at once in a loop). Applied there, the task thread waits for the database for the whole
 * apply. So the committer hands each batch to this applier ({@link #commit}) and returns; Flink
 * then counts the batch as committed and drops it from the committer's state.
 *
 * <p><b>Written ahead.</b> The writer also hands each batch over as soon as it has built it, at the
 * barrier ({@link #writeAhead}): the applier writes it in a transaction that it leaves open, while
 * Flink completes the checkpoint (the batch's state is stored, every task acknowledges). When the
 * committer then hands over the same batch, the applier only commits that transaction. Rows thus
 * become visible exactly when they did before, only the wait between the barrier and the
 * checkpoint's completion is used for the work. Writing ahead is an optimisation that never fails
 * anything: it is skipped when a transaction is still open (its checkpoint has not completed) or
 * when the batch is not the next after the stored sequence (an earlier batch still to be applied,
 * after a restore), and when it fails it rolls back and the batch is applied when its checkpoint
 * completes. The open transaction is rolled back whenever anything other than its own commit comes
 * next, and when the applier closes; a crash ends it in the database.
 *
 * <p><b>Why exactly once still holds.</b> A transaction is committed only by {@link #commit}, that
 * is after the checkpoint holding its batch is complete, as without writing ahead. The writer that
 * owns this applier runs chained in the same task (same thread) as the committer, and it
 * {@linkplain #awaitApplied() waits} for every batch handed to {@link #commit} before it builds its
 * next batch, that is in {@code flush}/{@code prepareCommit}, which Flink calls in
 * prepareSnapshotPreBarrier of the <em>next</em> checkpoint, before that checkpoint's state is
 * taken. The task thread runs notifyCheckpointComplete(N) and the synchronous part of checkpoint
 * N+1 one after the other, never interleaved, so for batch N of checkpoint N either
 *
 * <ul>
 *   <li>it was handed off before checkpoint N+1's barrier: the writer waits for it there, and if
 *       its apply failed the writer throws, which fails checkpoint N+1 and the job; or
 *   <li>it was handed off after checkpoint N+1's state was taken: then that state still holds it.
 * </ul>
 *
 * Hence a checkpoint that no longer holds batch N completes only after batch N is in the database.
 * After any failure Flink restores the last completed checkpoint; its committer state holds every
 * batch that may be missing, and the committer applies it again through the sequence check of
 * {@link BatchTransactions} (applied if not yet, skipped if already). The writer also waits in
 * {@code snapshotState} and in {@code close} (end of a bounded input, stop with savepoint), so no
 * job ends while an apply is running or after one failed. The writer never waits for a batch that
 * is only written ahead: its checkpoint may need this very barrier to complete.
 *
 * <p><b>Order and failures.</b> One thread per (pipeline, sink, subtask): the batches of a subtask
 * are written strictly in hand-off order, which is sequence order, and never two at once. A failed
 * {@link #commit} is kept and poisons the applier: batches queued behind the failed one are not
 * applied (a later sequence in the commit table would make the failed batch look committed on its
 * replay), further hand-offs are refused with an {@link IOException}, and every later {@link
 * #awaitApplied()} throws it, until the task restarts with a new writer and applier. Retries with
 * backoff happen inside the apply ({@link Retry}).
 *
 * <p><b>Threads.</b> {@link #commit}, {@link #writeAhead}, {@link #awaitApplied()}, {@link
 * #awaitIdle()} and {@link #close()} are called by the Flink task thread (writer and committer);
 * the applies run on the daemon thread {@code tributary-apply-<pipeline>-<sink>-<subtask>}, which
 * alone uses the applier's connection. Hand-off and the waits synchronise on one lock.
 */
public final class BackgroundApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundApplier.class);

    /** One apply of one batch. */
    interface Apply {
        void run() throws Exception;
    }

    private final BackgroundApplies.Key key;
    private final Thread owner;
    private final Supplier<BatchTransactions> connect;
    private final Object lock = new Object();

    /**
     * Created on the first hand-off: a writer whose committer is not chained with it needs none.
     */
    private ExecutorService thread;

    /** Opened by the applier thread on its first batch; used by it alone (abort aside). */
    private volatile BatchTransactions transactions;

    /** Handed to {@link #commit} and not finished yet; guarded by {@code lock}. */
    private int pending;

    /** The first failure and its batch; guarded by {@code lock}. */
    private Throwable failure;

    private String failedBatch;
    private boolean closed;

    private BackgroundApplier(BackgroundApplies.Key key, Supplier<BatchTransactions> connect) {
        this.key = key;
        this.owner = Thread.currentThread();
        this.connect = connect;
    }

    /**
     * Creates the applier of one writer subtask and registers it, owned by the calling thread (the
     * writer's task thread); only a committer running in that same thread hands batches to it. It
     * writes on a connection of its own, opened on its first batch.
     */
    public static BackgroundApplier open(
            BackgroundApplies.Key key, JdbcSinkConfig config, Dialect dialect) {
        return open(key, () -> new BatchTransactions(config, dialect));
    }

    static BackgroundApplier open(BackgroundApplies.Key key, Supplier<BatchTransactions> connect) {
        BackgroundApplier applier = new BackgroundApplier(key, connect);
        BackgroundApplies.register(applier);
        return applier;
    }

    BackgroundApplies.Key key() {
        return key;
    }

    /**
     * True when called from the thread that runs the writer, i.e. by a committer chained with it.
     */
    boolean ownedByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /**
     * Starts writing {@code batch}, just built by the writer, in a transaction left open until
     * {@link #commit} hands over the same batch; returns at once. Does nothing without a committer
     * of this subtask in the writer's thread, or once the applier is closed or failed. Never
     * throws: whatever goes wrong, the batch is applied when its checkpoint completes.
     */
    public void writeAhead(JdbcCommittable batch) {
        // Only a committer chained with the writer commits or ends what is written ahead; another
        // one would apply the batch on a connection of its own and wait for the open transaction's
        // row lock.
        if (!BackgroundApplies.committerRunsIn(key, owner)) {
            return;
        }
        synchronized (lock) {
            if (closed || failure != null) {
                return;
            }
            startThread();
        }
        thread.execute(() -> runWriteAhead(batch));
    }

    private void runWriteAhead(JdbcCommittable batch) {
        synchronized (lock) {
            if (closed || failure != null) {
                return;
            }
        }
        try {
            transactions().open(batch);
        } catch (RuntimeException e) {
            LOG.info("{} is applied when its checkpoint completes: {}", batch, e.toString());
        }
    }

    /**
     * Queues the commit of {@code batch}, whose checkpoint is complete, behind the batches already
     * handed off, and returns at once: the transaction in which it was written ahead is committed,
     * or else the batch is applied now (after rolling back any other open transaction).
     *
     * @return false when the applier is closed; the caller then applies the batch itself
     * @throws IOException when an earlier apply failed: nothing more is applied by this applier
     */
    boolean commit(JdbcCommittable batch) throws IOException {
        return submit(batch.toString(), () -> commitNow(batch));
    }

    private void commitNow(JdbcCommittable batch) throws Exception {
        BatchTransactions t = transactions();
        if (t.isOpen(batch)) {
            try {
                t.commitOpen();
                return;
            } catch (SQLException e) {
                // Whether the commit took effect is unknown: the commit table tells on the apply.
                LOG.warn(
                        "the commit of {}, written ahead, failed ({}); applying it again",
                        batch,
                        e.toString());
            }
        }
        t.apply(batch);
    }

    private BatchTransactions transactions() {
        if (transactions == null) {
            transactions = connect.get();
        }
        return transactions;
    }

    /**
     * Queues {@code apply} behind the ones already handed off, counted as pending until it
     * finished.
     */
    boolean submit(String batch, Apply apply) throws IOException {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (failure != null) {
                throw new IOException(
                        "refusing to apply "
                                + batch
                                + " in the background: the apply of "
                                + failedBatch
                                + " failed before it: "
                                + failure.getMessage(),
                        failure);
            }
            startThread();
            pending++;
        }
        thread.execute(() -> run(batch, apply));
        return true;
    }

    /** Starts the applier thread on first use; called with {@code lock} held. */
    private void startThread() {
        if (thread == null) {
            thread =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t =
                                        new Thread(
                                                r,
                                                "tributary-apply-"
                                                        + key.pipeline()
                                                        + "-"
                                                        + key.sink()
                                                        + "-"
                                                        + key.subtask());
                                t.setDaemon(true);
                                return t;
                            });
        }
    }

    private void run(String batch, Apply apply) {
        Throwable failed = null;
        try {
            boolean poisoned;
            synchronized (lock) {
                poisoned = failure != null;
            }
            // Behind a failed batch nothing may be applied: its higher sequence would make the
            // failed one look committed when Flink replays it.
            if (!poisoned) {
                apply.run();
            }
        } catch (Throwable t) {
            failed = t;
        } finally {
            synchronized (lock) {
                if (failed != null && failure == null) {
                    failure = failed;
                    failedBatch = batch;
                }
                pending--;
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits until every batch handed to {@link #commit} is applied; does not wait for batches only
     * written ahead.
     *
     * @throws IOException naming the batch and the cause when one failed (again at every later
     *     call)
     */
    public void awaitApplied() throws IOException, InterruptedException {
        synchronized (lock) {
            awaitIdle();
            if (failure != null) {
                throw new IOException(
                        "the background apply of "
                                + failedBatch
                                + " failed, so this checkpoint"
                                + " fails and the job restarts from the last completed checkpoint, which still holds"
                                + " the batch: "
                                + failure.getMessage(),
                        failure);
            }
        }
    }

    /** Waits until every batch handed to {@link #commit} has finished, successfully or not. */
    void awaitIdle() throws InterruptedException {
        synchronized (lock) {
            while (pending > 0) {
                lock.wait();
            }
        }
    }

    /**
     * Unregisters, refuses further hand-offs, waits for the running applies, rolls back a
     * transaction written ahead and not committed, and stops the thread. A second call does
     * nothing.
     *
     * @throws IOException when an apply failed
     */
    @Override
    public void close() throws IOException, InterruptedException {
        BackgroundApplies.unregister(this);
        boolean first;
        synchronized (lock) {
            first = !closed;
            closed = true;
        }
        if (thread == null || !first) {
            return;
        }
        try {
            awaitApplied();
        } catch (InterruptedException e) {
            abandonThread();
            throw e;
        } catch (IOException e) {
            try {
                stopThread();
            } catch (InterruptedException stopped) {
                e.addSuppressed(stopped);
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        stopThread();
    }

    /** Lets the thread finish what it writes, rolls back what is left open, and waits for it. */
    private void stopThread() throws InterruptedException {
        thread.execute(this::release);
        thread.shutdown();
        try {
            thread.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            abandonThread();
            throw e;
        }
    }

    /**
     * Cancelled while a batch is written: ends the connection under it, so that the database rolls
     * back and releases the commit-table row at once; the restored committer applies the batch
     * again.
     */
    private void abandonThread() {
        thread.shutdownNow();
        BatchTransactions t = transactions;
        if (t != null) {
            t.abort();
        }
    }

    private void release() {
        BatchTransactions t = transactions;
        if (t != null) {
            t.close();
        }
    }
}

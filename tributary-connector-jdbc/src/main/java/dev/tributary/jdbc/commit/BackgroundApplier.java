package dev.tributary.jdbc.commit;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Applies one writer subtask's batches on a background thread, so that the database works while the
 * Flink task thread goes on reading and decoding the next checkpoint's records.
 *
 * <p><b>Why.</b> Flink calls {@link JdbcCommitter#commit} in the task thread on
 * notifyCheckpointComplete, and Flink 1.20's committer cannot defer work ({@code retryLater()} is
 * retried at once in a loop). Applied there, the task thread waits for the database for the whole
 * apply. So the committer hands each batch to this applier and returns; Flink then counts the batch
 * as committed and drops it from the committer's state.
 *
 * <p><b>Why exactly once still holds.</b> The writer that owns this applier runs chained in the
 * same task (same thread) as the committer, and it {@linkplain #awaitApplied() waits} for every
 * handed-off apply before it builds its next batch, that is in {@code flush}/{@code prepareCommit},
 * which Flink calls in prepareSnapshotPreBarrier of the <em>next</em> checkpoint, before that
 * checkpoint's state is taken. The task thread runs notifyCheckpointComplete(N) and the synchronous
 * part of checkpoint N+1 one after the other, never interleaved, so for batch N of checkpoint N
 * either
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
 * {@link JdbcCommitter} (applied if not yet, skipped if already). The writer also waits in {@code
 * snapshotState} and in {@code close} (end of a bounded input, stop with savepoint), so no job ends
 * while an apply is running or after one failed.
 *
 * <p><b>Order and failures.</b> One thread per (pipeline, sink, subtask): the batches of a subtask
 * are applied strictly in hand-off order, which is sequence order, and never two at once. A failure
 * is kept and poisons the applier: batches queued behind the failed one are not applied (a later
 * sequence in the commit table would make the failed batch look committed on its replay), further
 * hand-offs are refused with an {@link IOException}, and every later {@link #awaitApplied()} throws
 * it, until the task restarts with a new writer and applier. Retries with backoff happen inside the
 * apply ({@link Retry}).
 *
 * <p><b>Threads.</b> {@link #submit}, {@link #awaitApplied()}, {@link #awaitIdle()} and {@link
 * #close()} are called by the Flink task thread (writer and committer); the applies run on the
 * daemon thread {@code tributary-apply-<pipeline>-<sink>-<subtask>}, which alone uses the
 * committer's connection while an apply is queued or running. Hand-off and the waits synchronise on
 * one lock, which also publishes the committer's connection state between the two threads.
 */
public final class BackgroundApplier implements AutoCloseable {

    /** One apply of one batch. */
    public interface Apply {
        void run() throws Exception;
    }

    private final BackgroundApplies.Key key;
    private final Thread owner;
    private final Object lock = new Object();

    /**
     * Created on the first hand-off: a writer whose committer is not chained with it needs none.
     */
    private ExecutorService thread;

    /** Handed off and not finished yet; guarded by {@code lock}. */
    private int pending;

    /** The first failure and its batch; guarded by {@code lock}. */
    private Throwable failure;

    private String failedBatch;
    private boolean closed;

    private BackgroundApplier(BackgroundApplies.Key key) {
        this.key = key;
        this.owner = Thread.currentThread();
    }

    /**
     * Creates the applier of one writer subtask and registers it, owned by the calling thread (the
     * writer's task thread); only a committer running in that same thread hands batches to it.
     */
    public static BackgroundApplier open(BackgroundApplies.Key key) {
        BackgroundApplier applier = new BackgroundApplier(key);
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
     * Queues the apply of {@code batch} behind the ones already handed off, and returns at once.
     *
     * @return false when the applier is closed; the caller then applies the batch itself
     * @throws IOException when an earlier apply failed: nothing more is applied by this applier
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
            pending++;
        }
        thread.execute(() -> run(batch, apply));
        return true;
    }

    private void run(String batch, Apply apply) {
        Throwable failed = null;
        try {
            boolean poisoned;
            synchronized (lock) {
                poisoned = failure != null;
            }
            // Behind a failed batch nothing may be applied: its higher sequence would make the
            // failed
            // one look committed when Flink replays it.
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
     * Waits until every handed-off apply has finished.
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

    /** Waits until every handed-off apply has finished, successfully or not. */
    void awaitIdle() throws InterruptedException {
        synchronized (lock) {
            while (pending > 0) {
                lock.wait();
            }
        }
    }

    /**
     * Unregisters, refuses further hand-offs, waits for the running applies and stops the thread.
     *
     * @throws IOException when an apply failed
     */
    @Override
    public void close() throws IOException, InterruptedException {
        BackgroundApplies.unregister(this);
        synchronized (lock) {
            closed = true;
        }
        try {
            awaitApplied();
        } catch (InterruptedException e) {
            if (thread != null) {
                // Cancelled while an apply runs: abandon it; its transaction rolls back and the
                // restored committer applies the batch again.
                thread.shutdownNow();
            }
            throw e;
        } finally {
            if (thread != null) {
                thread.shutdown();
            }
        }
    }
}

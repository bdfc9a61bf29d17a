package dev.tributary.jdbc.commit;

import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.dialect.Dialect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;

/**
 * Applies each batch exactly once, in one database transaction together with its sequence number in
 * the commit table (see {@link BatchTransactions}), once Flink has completed the checkpoint that
 * holds it.
 *
 * <p>When the writer of a batch's subtask runs chained in the same task (it registered a {@link
 * BackgroundApplier} from this very thread), {@link #commit(Collection)} hands the batch to that
 * applier and returns at once: the applier commits the transaction in which it wrote the batch
 * ahead, from the barrier on, or applies the batch now; the writer waits for it before the next
 * checkpoint can complete (the argument is in {@link BackgroundApplier}). Otherwise (no writer
 * registered, not chained, a restore before the writer exists) it applies the batch itself,
 * synchronously, on a connection of its own.
 *
 * <p>Threads: {@code commit(Collection)} and {@link #close()} are called by the Flink task thread.
 */
public final class JdbcCommitter implements Committer<JdbcCommittable> {
    private final BatchTransactions transactions;

    /** The applier this committer last handed a batch to, which may still be applying it. */
    private BackgroundApplier handedOff;

    /** Registered while open as the committer chained with this subtask's writer, or null. */
    private final BackgroundApplies.Key chainedWith;

    /** A committer of no particular subtask: it applies batches handed to it synchronously. */
    public JdbcCommitter(JdbcSinkConfig config, Dialect dialect) {
        this(config, dialect, null);
    }

    /**
     * A committer that Flink runs in the task of {@code subtask}: a writer of that subtask in the
     * same thread writes its batches ahead, for this committer to commit.
     *
     * @param subtask the committer's subtask index, or null for none
     */
    public JdbcCommitter(JdbcSinkConfig config, Dialect dialect, Integer subtask) {
        this.transactions = new BatchTransactions(config, dialect);
        if (subtask == null) {
            this.chainedWith = null;
        } else {
            this.chainedWith =
                    new BackgroundApplies.Key(config.pipeline(), config.sinkName(), subtask);
            BackgroundApplies.registerCommitter(chainedWith);
        }
    }

    @Override
    public void commit(Collection<CommitRequest<JdbcCommittable>> requests)
            throws IOException, InterruptedException {
        // A subtask's batches must be applied in sequence order: a later one would make an earlier
        // one look already committed.
        List<CommitRequest<JdbcCommittable>> ordered = new ArrayList<>(requests);
        ordered.sort(
                Comparator.comparingInt(
                                (CommitRequest<JdbcCommittable> r) -> r.getCommittable().subtask())
                        .thenComparingLong(r -> r.getCommittable().sequence()));
        for (CommitRequest<JdbcCommittable> r : ordered) {
            JdbcCommittable c = r.getCommittable();
            BackgroundApplier applier =
                    BackgroundApplies.lookup(BackgroundApplies.Key.of(c))
                            .filter(BackgroundApplier::ownedByCurrentThread)
                            .orElse(null);
            if (applier != null) {
                awaitHandedOff(applier);
                if (applier.commit(c)) {
                    handedOff = applier;
                    continue;
                }
            }
            // Batches handed off before this one are applied first.
            awaitHandedOff(null);
            if (!commit(c)) {
                r.signalAlreadyCommitted();
            }
        }
    }

    /**
     * Waits until an applier this committer handed batches to, other than {@code next}, is idle.
     */
    private void awaitHandedOff(BackgroundApplier next) throws InterruptedException {
        if (handedOff != null && handedOff != next) {
            handedOff.awaitIdle();
            handedOff = null;
        }
    }

    /**
     * Applies one batch exactly once, in the calling thread.
     *
     * @return true when applied now, false when it had been applied before
     * @throws IOException when it failed for good or after the last retry; nothing of it is written
     */
    public boolean commit(JdbcCommittable committable) throws IOException, InterruptedException {
        return transactions.apply(committable);
    }

    /**
     * Waits for the applies handed off by this committer (their failures are the writer's to
     * report), then closes the connection.
     */
    @Override
    public void close() {
        try {
            awaitHandedOff(null);
        } catch (InterruptedException e) {
            // Cancelled: the applier's own close abandons what it is applying.
            Thread.currentThread().interrupt();
        }
        if (chainedWith != null) {
            BackgroundApplies.unregisterCommitter(chainedWith);
        }
        transactions.close();
    }
}

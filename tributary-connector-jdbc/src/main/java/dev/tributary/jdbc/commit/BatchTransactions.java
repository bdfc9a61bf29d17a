package dev.tributary.jdbc.commit;

import dev.tributary.api.event.TableId;
import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.FailureKind;
import dev.tributary.jdbc.schema.SchemaReconciler;
import dev.tributary.jdbc.schema.TablePlans;
import dev.tributary.jdbc.schema.WritePlan;
import dev.tributary.jdbc.writer.TableBatch;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches through one connection, each in one database transaction together with its
 * sequence number in the commit table: lock the (pipeline, sink, subtask) row, skip the batch when
 * its sequence is not above the stored one (a replay after a crash), else write every table's rows
 * and the errors, store the sequence and the status rows.
 *
 * <p>Two ways to end that transaction:
 *
 * <ul>
 *   <li>{@link #apply} commits it at once, and retries passing failures with backoff on a new
 *       connection. This is what the committer does once the checkpoint holding the batch is
 *       complete.
 *   <li>{@link #open} writes the batch ahead, in one attempt, and leaves the transaction open;
 *       {@link #commitOpen()} commits it later, when the checkpoint holding the batch is complete,
 *       and {@link #rollbackOpen()} discards it. Until then no other session sees the rows, and the
 *       locked commit-table row keeps anyone else from applying this subtask's batches. It opens
 *       only for the batch right after the stored sequence, so that it can never overtake a batch
 *       still to be applied.
 * </ul>
 *
 * Not thread-safe: one thread at a time, except {@link #abort()}.
 */
final class BatchTransactions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchTransactions.class);

    private final JdbcSinkConfig config;
    private final Dialect dialect;
    private final Connections connections;
    private final SchemaReconciler reconciler;
    private final CommitTable commitTable;
    private final StatusTable statusTable;
    private final Retry retry;

    /** The table being written when a failure happened, for log lines. */
    private TableId current;

    /** The batch whose transaction is open and not committed yet, or null. */
    private JdbcCommittable open;

    /** When the open batch's writes finished, and how many error rows it holds. */
    private long openSince;

    private int openErrors;

    BatchTransactions(JdbcSinkConfig config, Dialect dialect) {
        this.config = config;
        this.dialect = dialect;
        this.connections = new Connections(config, dialect);
        this.reconciler = new SchemaReconciler(dialect, config);
        this.commitTable = new CommitTable(dialect, config.commitTable());
        this.statusTable = new StatusTable(dialect, config.statusTable(), config.errorTable());
        this.retry =
                new Retry(
                        config.maxRetries(),
                        config.retryBackoff(),
                        this::isPassing,
                        this::describe);
    }

    /**
     * Applies one batch exactly once and commits it. A transaction left open for another batch is
     * rolled back first: nothing is ever committed on behalf of a batch other than the one asked
     * for.
     *
     * @return true when applied now, false when it had been applied before
     * @throws IOException when it failed for good or after the last retry; nothing of it is written
     */
    boolean apply(JdbcCommittable c) throws IOException, InterruptedException {
        rollbackOpen();
        return retry.run("commit of " + c, () -> attempt(c, false));
    }

    /**
     * Writes {@code c} ahead of its checkpoint and leaves the transaction open, when {@code c} is
     * the next batch after the stored sequence, no other transaction is open and {@code c}
     * truncates no table. Any failure rolls back and is only logged: the batch is then applied by
     * {@link #apply} when its checkpoint completes, which reports failures as it always does.
     *
     * @return true when the transaction is open now
     */
    boolean open(JdbcCommittable c) {
        // A TRUNCATE locks its table against readers too. Held open until the checkpoint
        // completes (or longer, when it is aborted), it would stop every query of the mirror for
        // that long; applied at completion, only for the apply itself.
        if (open != null || c.truncatesATable()) {
            return false;
        }
        try {
            return attempt(c, true);
        } catch (SQLException | RuntimeException e) {
            LOG.info(
                    "{} is applied when its checkpoint completes; writing it ahead failed: {}",
                    c,
                    describe(e));
            return false;
        }
    }

    /** True when {@code c} is the batch whose transaction is open. */
    boolean isOpen(JdbcCommittable c) {
        return open != null
                && open.sequence() == c.sequence()
                && BackgroundApplies.Key.of(open).equals(BackgroundApplies.Key.of(c));
    }

    /**
     * Commits the open transaction.
     *
     * @throws SQLException when the commit failed; the transaction is gone then, and whether it
     *     took effect is for {@link #apply} to find out from the commit table
     */
    void commitOpen() throws SQLException {
        JdbcCommittable c = open;
        open = null;
        long started = System.nanoTime();
        try {
            connections.connection().commit();
        } catch (SQLException | RuntimeException e) {
            abandon(e);
            throw e;
        }
        connections.applier().transactionEnded(true);
        logCommitted(c, openErrors);
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "committed {}, written ahead, after its checkpoint completed: {} ms waiting,"
                            + " {} ms to commit",
                    c,
                    (started - openSince) / 1_000_000,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Rolls back the open transaction, if any. Never throws. */
    void rollbackOpen() {
        if (open == null) {
            return;
        }
        LOG.debug("rolling back {}, written ahead and not committed", open);
        open = null;
        // The tables it created or changed were committed before it: the caches stay valid, and
        // so does the connection (a broken one fails its next use, which discards it).
        connections.rollbackQuietly();
    }

    private boolean attempt(JdbcCommittable c, boolean leaveOpen) throws SQLException {
        long started = System.nanoTime();
        current = null;
        Connection connection = connections.connection();
        BatchApplier applier = connections.applier();
        try {
            commitTable.ensureExists(connection);
            statusTable.ensureExists(connection);
            List<TablePlans> plans = new ArrayList<>(c.tables().size());
            for (TableBatch t : c.tables()) {
                current = t.target();
                plans.add(reconciler.prepare(connection, t));
            }
            current = config.errorTable();
            WritePlan errorPlan = reconciler.errorPlan(connection);
            connection.commit();

            current = config.commitTable();
            OptionalLong stored = commitTable.lock(connection, c.pipeline(), c.sink(), c.subtask());
            if (leaveOpen && stored.orElse(0) != c.sequence() - 1) {
                connection.rollback();
                applier.transactionEnded(false);
                LOG.debug(
                        "not writing {} ahead: the stored sequence is {}, so an earlier batch may"
                                + " still be applied",
                        c,
                        stored.orElse(0));
                return false;
            }
            if (stored.isPresent() && c.sequence() <= stored.getAsLong()) {
                connection.rollback();
                applier.transactionEnded(false);
                LOG.info(
                        "skipping {}: already committed (stored sequence {})",
                        c,
                        stored.getAsLong());
                return false;
            }
            SinkErrors errors = new SinkErrors(config);
            Instant now = Instant.now();
            TableApplier tables =
                    new TableApplier(
                            connection,
                            applier,
                            dialect,
                            errors,
                            now.atOffset(ZoneOffset.UTC),
                            config.pipeline());
            for (int i = 0; i < c.tables().size(); i++) {
                current = c.tables().get(i).target();
                tables.apply(c.tables().get(i), plans.get(i));
            }
            current = config.errorTable();
            tables.applyErrors(errorPlan, errors.all());
            current = config.statusTable();
            statusTable.record(connection, c, errors, now);
            current = config.commitTable();
            commitTable.record(connection, c, stored.isPresent());
            if (leaveOpen) {
                open = c;
                openSince = System.nanoTime();
                openErrors = errors.all().size();
                if (LOG.isDebugEnabled()) {
                    LOG.debug(
                            "wrote {} ahead in {} ms; it commits when its checkpoint completes",
                            c,
                            (openSince - started) / 1_000_000);
                }
                return true;
            }
            connection.commit();
            applier.transactionEnded(true);
            logCommitted(c, errors.all().size());
            if (LOG.isDebugEnabled()) {
                LOG.debug("committed {} in {} ms", c, (System.nanoTime() - started) / 1_000_000);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            abandon(e);
            throw e;
        }
    }

    /**
     * Warns when the committed batch put rows into the error table: changes this sink could not
     * write, and records the sources could not decode or the router could not place (the error
     * sink's batches, whose target is the error table).
     */
    private void logCommitted(JdbcCommittable c, int errors) {
        if (errors > 0) {
            LOG.warn(
                    "pipeline={} sink={}: {} of {} went to the error table {}",
                    c.pipeline(),
                    c.sink(),
                    counted(errors, "change"),
                    c,
                    config.errorTable());
        }
        int upstream = 0;
        for (TableBatch t : c.tables()) {
            if (t.target().equals(config.errorTable())) {
                upstream += t.size();
            }
        }
        if (upstream > 0) {
            LOG.warn(
                    "pipeline={}: {} that could not be decoded or routed went to the error table"
                            + " {} ({})",
                    c.pipeline(),
                    counted(upstream, "record"),
                    config.errorTable(),
                    c);
        }
    }

    private static String counted(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Rolls back, forgets cached table state, and drops the connection after a passing failure. */
    private void abandon(Exception failure) {
        connections.rollbackQuietly();
        reconciler.invalidate();
        commitTable.invalidate();
        statusTable.invalidate();
        if (isPassing(failure)) {
            connections.discard();
        }
    }

    private boolean isPassing(Exception e) {
        if (e instanceof IOException) {
            return true;
        }
        return e instanceof SQLException
                && dialect.classify((SQLException) e) == FailureKind.TRANSIENT;
    }

    private String describe(Exception e) {
        String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
        return config.mask(
                "pipeline="
                        + config.pipeline()
                        + " sink="
                        + config.sinkName()
                        + (current == null ? "" : " table=" + current)
                        + " sqlState="
                        + state
                        + " url="
                        + config.url()
                        + ": "
                        + e);
    }

    /**
     * Ends the connection from another thread while this one may be using it, so that an open
     * transaction is rolled back by the database at once (a cancelled task). Never throws.
     */
    void abort() {
        connections.abort();
    }

    /** Rolls back an open transaction and closes the connection. */
    @Override
    public void close() {
        rollbackOpen();
        connections.close();
    }
}

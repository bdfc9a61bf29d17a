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
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each batch in one database transaction together with its sequence number in the commit
 * table: lock the (pipeline, sink, subtask) row, skip the batch when its sequence is not above the
 * stored one (a replay after a crash), else write every table's rows and the errors, store the
 * sequence and commit. Passing failures roll back and retry the whole batch with backoff on a new
 * connection.
 *
 * <p>When the writer of a batch's subtask runs chained in the same task (it registered a {@link
 * BackgroundApplier} from this very thread), {@link #commit(Collection)} hands the batch to that
 * applier and returns at once, so that the database applies it while the task reads on; the writer
 * waits for the apply before the next checkpoint can complete (the argument is in {@link
 * BackgroundApplier}). Otherwise (no writer registered, not chained, a restore before the writer
 * exists) it applies the batch itself, synchronously.
 *
 * <p>Threads: {@code commit(Collection)} and {@link #close()} are called by the Flink task thread.
 * The connection and the caches are used by one thread at a time: the applier thread while a batch
 * handed off by this committer is queued or running, the task thread otherwise (a synchronous apply
 * first waits until the applier is idle).
 */
public final class JdbcCommitter implements Committer<JdbcCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCommitter.class);

    private final JdbcSinkConfig config;
    private final Dialect dialect;
    private final Connections connections;
    private final SchemaReconciler reconciler;
    private final CommitTable commitTable;
    private final StatusTable statusTable;
    private final Retry retry;

    /** The table being written when a failure happened, for log lines. */
    private TableId current;

    /**
     * The applier this committer last handed a batch to, which may still be using the connection.
     */
    private BackgroundApplier handedOff;

    public JdbcCommitter(JdbcSinkConfig config, Dialect dialect) {
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

    @Override
    public void commit(Collection<CommitRequest<JdbcCommittable>> requests)
            throws IOException, InterruptedException {
        // A subtask's batches must be applied in sequence order: a later one would make an earlier
        // one
        // look already committed.
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
                if (applier.submit(c.toString(), () -> commit(c))) {
                    handedOff = applier;
                    continue;
                }
            }
            // Never two applies on this committer's connection at once.
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
     * Applies one batch exactly once.
     *
     * @return true when applied now, false when it had been applied before
     * @throws IOException when it failed for good or after the last retry; nothing of it is written
     */
    public boolean commit(JdbcCommittable committable) throws IOException, InterruptedException {
        return retry.run("commit of " + committable, () -> attempt(committable));
    }

    private boolean attempt(JdbcCommittable c) throws SQLException {
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
            connection.commit();
            applier.transactionEnded(true);
            if (!errors.all().isEmpty()) {
                LOG.warn(
                        "pipeline={} sink={}: {} records of {} went to the error table {}",
                        c.pipeline(),
                        c.sink(),
                        errors.all().size(),
                        c,
                        config.errorTable());
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("committed {} in {} ms", c, (System.nanoTime() - started) / 1_000_000);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            abandon(connection, applier, e);
            throw e;
        }
    }

    private void abandon(Connection connection, BatchApplier applier, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is probably gone; it is discarded below when the failure was passing.
        }
        applier.transactionEnded(false);
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
     * Waits for the applies handed off by this committer (their failures are the writer's to
     * report), then closes the connection.
     */
    @Override
    public void close() {
        try {
            awaitHandedOff(null);
        } catch (InterruptedException e) {
            // Cancelled: the abandoned apply rolls back with the connection closed under it.
            Thread.currentThread().interrupt();
        }
        connections.close();
    }
}

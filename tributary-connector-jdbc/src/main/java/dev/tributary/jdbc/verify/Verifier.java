package dev.tributary.jdbc.verify;

import dev.tributary.api.error.RetriableException;
import dev.tributary.api.error.TributaryException;
import dev.tributary.jdbc.dialect.FailureKind;
import dev.tributary.jdbc.dialect.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that target tables hold the same rows as their source tables. For each pair it computes
 * the row count and an order-independent checksum of the rows' canonical texts in each database
 * (one aggregate query per side), and when they differ narrows down by key ranges to the rows that
 * differ.
 *
 * <p>Every attempt reads each database inside one read-only REPEATABLE READ transaction ({@link
 * dev.tributary.jdbc.dialect.Dialect#beginSnapshot}), so all tables and all narrowing queries of an
 * attempt see one consistent state of the source, and one of the target. With a {@code
 * catch-up-timeout}, the tables that differ are compared again, each time in fresh snapshots, every
 * {@code catch-up-interval} until they match or the timeout has passed; those comparisons read
 * totals only, and the comparison after the timeout also narrows.
 *
 * <p>Not thread-safe: one run at a time, on the connections of the two {@link Side}s.
 */
public final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    private final Side source;
    private final Side target;
    private final VerifySettings settings;
    private final VerifyListener listener;

    public Verifier(Side source, Side target, VerifySettings settings) {
        this(source, target, settings, VerifyListener.NONE);
    }

    public Verifier(Side source, Side target, VerifySettings settings, VerifyListener listener) {
        this.source = source;
        this.target = target;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Compares every pair, waiting for the target to catch up when the settings say so.
     *
     * @throws dev.tributary.api.error.ConfigException when a given key column does not exist
     * @throws RetriableException when a database fails in passing (connection lost, restarting)
     * @throws TributaryException when a database refuses a query
     */
    public VerifyResult verify(List<TablePair> pairs) {
        long start = System.nanoTime();
        long deadline = start + settings.catchUpTimeout().toNanos();
        List<TableResult> results = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            results.add(null);
            pending.add(i);
        }
        int attempt = 0;
        while (true) {
            attempt++;
            boolean last = !settings.waits() || System.nanoTime() - deadline >= 0;
            List<TablePair> round = new ArrayList<>();
            for (int i : pending) {
                round.add(pairs.get(i));
            }
            List<TableResult> compared = attempt(round, attempt, last);
            List<Integer> differing = new ArrayList<>();
            for (int k = 0; k < pending.size(); k++) {
                results.set(pending.get(k), compared.get(k));
                if (!compared.get(k).match()) {
                    differing.add(pending.get(k));
                }
            }
            pending = differing;
            LOG.info(
                    "Verify attempt {}: {} of {} tables differ",
                    attempt,
                    pending.size(),
                    pairs.size());
            if (pending.isEmpty() || last) {
                break;
            }
            pause(Math.min(settings.catchUpInterval().toNanos(), deadline - System.nanoTime()));
        }
        return new VerifyResult(
                results,
                settings.waits(),
                settings.catchUpTimeout(),
                attempt,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** One attempt: both snapshots, then every pair in order. */
    private List<TableResult> attempt(List<TablePair> pairs, int attempt, boolean narrow) {
        List<TableResult> results = new ArrayList<>();
        try {
            source.dialect().beginSnapshot(source.connection());
            try {
                target.dialect().beginSnapshot(target.connection());
                try {
                    listener.attemptStarted(attempt);
                    for (TablePair pair : pairs) {
                        TableResult r = compare(pair, attempt, narrow);
                        listener.tableVerified(r);
                        results.add(r);
                    }
                } finally {
                    target.dialect().endSnapshot(target.connection());
                }
            } finally {
                source.dialect().endSnapshot(source.connection());
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return results;
    }

    private TableResult compare(TablePair pair, int attempt, boolean narrow) throws SQLException {
        Optional<TableDefinition> sourceTable =
                source.dialect().readTable(source.connection(), pair.source());
        Optional<TableDefinition> targetTable =
                target.dialect().readTable(target.connection(), pair.target());
        TablePlan plan = TablePlan.of(pair, sourceTable, targetTable);
        List<String> notes = new ArrayList<>();
        if (plan.problem() != null) {
            notes.add(plan.problem());
        }
        if (!plan.missingInTarget().isEmpty()) {
            notes.add("the target lacks columns " + String.join(", ", plan.missingInTarget()));
        }
        if (!plan.comparable()) {
            return new TableResult(
                    pair,
                    plan.key(),
                    plan.compared(),
                    plan.missingInTarget(),
                    plan.extraInTarget(),
                    sourceTable.isPresent() ? wholeTable(source, sourceTable.get()) : null,
                    targetTable.isPresent() ? wholeTable(target, targetTable.get()) : null,
                    List.of(),
                    false,
                    0,
                    0,
                    notes,
                    attempt);
        }
        TableQueries s =
                new TableQueries(source, pair.source(), plan.sourceColumns(), plan.keyPositions());
        TableQueries t =
                new TableQueries(target, pair.target(), plan.targetColumns(), plan.keyPositions());
        Totals sourceTotals = s.totals(KeyRange.ALL);
        Totals targetTotals = t.totals(KeyRange.ALL);
        listener.totalsCompared(pair, sourceTotals, targetTotals);
        Narrower narrower =
                new Narrower(s, t, new RowDiff(plan.compared(), plan.keyPositions()), settings);
        boolean narrowed =
                narrow
                        && !sourceTotals.equals(targetTotals)
                        && plan.narrowable()
                        && settings.maxDifferences() > 0;
        if (narrowed) {
            narrower.narrow(sourceTotals, targetTotals);
            if (narrower.differences().isEmpty() && !narrower.more()) {
                notes.add(
                        "counts or checksums differ but no key range holds a differing row:"
                                + " rows with NULL in a key column, or keys that are not unique,"
                                + " escape narrowing");
            }
        }
        return new TableResult(
                pair,
                plan.key(),
                plan.compared(),
                plan.missingInTarget(),
                plan.extraInTarget(),
                sourceTotals,
                targetTotals,
                narrower.differences(),
                narrower.more(),
                narrowed ? narrower.ranges() : 1,
                narrower.rowsFetched(),
                notes,
                attempt);
    }

    /** Count and checksum of all columns of a table whose mirror cannot be compared. */
    private static Totals wholeTable(Side side, TableDefinition table) throws SQLException {
        if (table.columns().isEmpty()) {
            return null;
        }
        return new TableQueries(side, table.id(), table.columns(), new int[0]).totals(KeyRange.ALL);
    }

    private RuntimeException failure(SQLException e) {
        String message =
                "verify failed: " + e.getMessage() + " (SQL state " + e.getSQLState() + ")";
        if (source.dialect().classify(e) == FailureKind.TRANSIENT) {
            return new RetriableException(message, e);
        }
        return new TributaryException(message, e);
    }

    private static void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            // The wait between two comparisons while the target catches up, not a wait for state.
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryException("verify was interrupted while waiting to compare again");
        }
    }
}

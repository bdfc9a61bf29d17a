package dev.tributary.app.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits until the target table holds exactly the expected rows, checked and not assumed: every poll
 * reads how many events the pipeline has applied from the sink's status table (a few rows: polling
 * a {@code count(*)} of the target would load the database being measured), and once all are
 * applied, the content checksum of target and expected table is compared in the database. Fails
 * early, with the reason, when the pipeline ends or writes to its error table, and on timeout with
 * the difference found.
 */
final class TargetWatcher {
    private static final long POLL_NANOS = Duration.ofMillis(250).toNanos();
    private static final long HEALTH_NANOS = Duration.ofSeconds(2).toNanos();

    /**
     * When the first row became visible (or -1 if it never was seen) and how many events were
     * applied then, and when the target matched.
     */
    record Outcome(
            long firstRowNanos,
            long appliedAtFirstRow,
            long doneNanos,
            OrdersTable.Checksum checksum,
            int checksumQueries) {}

    private final Connection connection;
    private final String pipeline;
    private final long events;
    private final String target;
    private final String expectedTable;
    private final Supplier<String> pipelineProblem;
    private final Runnable tick;

    /**
     * @param pipeline the pipeline's name, as its status rows carry it
     * @param events how many events the pipeline must apply to the target before it is compared
     * @param pipelineProblem returns why the pipeline is no longer running, or null while it runs
     * @param tick runs once per poll (memory sampling)
     */
    TargetWatcher(
            Connection connection,
            String pipeline,
            long events,
            String target,
            String expectedTable,
            Supplier<String> pipelineProblem,
            Runnable tick) {
        this.connection = connection;
        this.pipeline = pipeline;
        this.events = events;
        this.target = target;
        this.expectedTable = expectedTable;
        this.pipelineProblem = pipelineProblem;
        this.tick = tick;
    }

    Outcome await(Duration timeout) throws SQLException {
        OrdersTable.Checksum expected = OrdersTable.checksum(connection, expectedTable);
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstRow = -1;
        long appliedAtFirstRow = 0;
        long nextHealthCheck = 0;
        int checksums = 0;
        while (true) {
            long now = System.nanoTime();
            tick.run();
            long applied = AppliedEvents.of(connection, pipeline, target);
            if (applied > 0 && firstRow < 0) {
                firstRow = now;
                appliedAtFirstRow = applied;
            }
            if (applied >= events) {
                // Compared on every poll from then on: a mismatch goes on until the timeout says
                // what differs.
                long checkedAt = System.nanoTime();
                OrdersTable.Checksum actual = OrdersTable.checksum(connection, target);
                checksums++;
                if (actual.equals(expected)) {
                    return new Outcome(firstRow, appliedAtFirstRow, checkedAt, actual, checksums);
                }
            }
            if (now >= nextHealthCheck) {
                failIfUnhealthy();
                nextHealthCheck = now + HEALTH_NANOS;
            }
            if (now > deadline) {
                throw new IllegalStateException(
                        "the target "
                                + target
                                + " did not reach the expected state within "
                                + timeout.toSeconds()
                                + " s: "
                                + difference(expected));
            }
            LockSupport.parkNanos(POLL_NANOS - (System.nanoTime() - now));
        }
    }

    private void failIfUnhealthy() throws SQLException {
        String problem = pipelineProblem.get();
        if (problem != null) {
            throw new IllegalStateException(
                    "the pipeline stopped before the target matched: " + problem);
        }
        if (OrdersTable.exists(connection, BenchPipeline.ERROR_TABLE)) {
            long errors = OrdersTable.count(connection, BenchPipeline.ERROR_TABLE);
            if (errors > 0) {
                throw new IllegalStateException(
                        "the pipeline wrote "
                                + errors
                                + " event(s) to its error table "
                                + BenchPipeline.ERROR_TABLE
                                + "; the first: "
                                + firstRowOf(BenchPipeline.ERROR_TABLE));
            }
        }
    }

    private String difference(OrdersTable.Checksum expected) {
        try {
            return describeDifference(expected);
        } catch (SQLException e) {
            return "(could not compare the tables: " + e.getMessage() + ")";
        }
    }

    private String describeDifference(OrdersTable.Checksum expected) throws SQLException {
        if (!OrdersTable.exists(connection, target)) {
            return "the table does not exist (expected " + expected.rows() + " rows)";
        }
        OrdersTable.Checksum actual = OrdersTable.checksum(connection, target);
        String cols = OrdersTable.COLUMNS;
        return "it has "
                + actual.rows()
                + " rows, expected "
                + expected.rows()
                + "; expected but missing or different: "
                + firstRowOf(
                        "(SELECT "
                                + cols
                                + " FROM "
                                + expectedTable
                                + " EXCEPT SELECT "
                                + cols
                                + " FROM "
                                + target
                                + ") AS d")
                + "; present but not expected: "
                + firstRowOf(
                        "(SELECT "
                                + cols
                                + " FROM "
                                + target
                                + " EXCEPT SELECT "
                                + cols
                                + " FROM "
                                + expectedTable
                                + ") AS d");
    }

    private String firstRowOf(String from) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + from + " LIMIT 1")) {
            if (!r.next()) {
                return "(none)";
            }
            ResultSetMetaData meta = r.getMetaData();
            StringBuilder b = new StringBuilder("{");
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                b.append(i == 1 ? "" : ", ")
                        .append(meta.getColumnName(i))
                        .append('=')
                        .append(r.getString(i));
            }
            return b.append('}').toString();
        }
    }
}

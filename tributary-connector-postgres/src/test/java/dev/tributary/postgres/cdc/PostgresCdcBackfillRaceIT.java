package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.CdcHarness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.cdc.connectors.base.config.SourceConfig;
import org.apache.flink.cdc.connectors.base.source.utils.hooks.SnapshotPhaseHook;
import org.apache.flink.cdc.connectors.base.source.utils.hooks.SnapshotPhaseHooks;
import org.junit.jupiter.api.Test;

/**
 * A transaction that is open while a snapshot chunk is read: it updates a row of the chunk after
 * the chunk's SELECT, before the chunk's high watermark is read, and commits a little later. Flink
 * CDC's snapshot hooks place the steps: after the SELECT the transaction updates line (7, 2) (the
 * SELECT cannot see it), another session commits synchronously so that WAL is written past the
 * update, and the transaction commits after a set delay while the source goes on reading the high
 * watermark and back-filling. The update must reach the source's output exactly once.
 *
 * <p>With Flink CDC's own watermarks the last two cases lose the update: the chunk's back-fill (the
 * WAL read from the low to the high watermark, applied onto the SELECT's rows) ends as soon as the
 * server reports a WAL position past the high watermark, whether by a keepalive (Flink CDC's
 * replication stream then injects a no-op message) or by another change; the transaction, still
 * open, is not in the back-fill. The stream afterwards drops every change of the chunk whose own
 * LSN is not after the high watermark; the update's LSN lies before it (the commit's lies after,
 * but the commit LSN is not what is compared). The source takes its watermarks at a moment without
 * uncommitted writes ({@link QuietWalPosition}), which these cases check.
 */
class PostgresCdcBackfillRaceIT extends WithCdcServer {

    // The hooks run in the source reader's thread of the MiniCluster in this JVM; one test at a
    // time sets what they work on.
    private static volatile String database;
    private static volatile String between;
    private static volatile Duration commitAfter;
    private static final AtomicBoolean ARMED = new AtomicBoolean();
    private static volatile CompletableFuture<Void> committed;
    private static volatile String trace;

    /** Control: the transaction commits 100 ms after its update, before the back-fill ends. */
    @Test
    void anUpdateCommittedSoonArrivesOnce() throws Exception {
        List<ChangeEvent> line = race("race_soon", null, Duration.ofMillis(100));
        assertThat(line)
                .extracting(e -> e.op() + " v" + e.after()[2])
                .containsExactly("SNAPSHOT v2");
    }

    /**
     * The transaction commits 1.5 s after its update; nothing else changes. Flink CDC's own high
     * watermark would be read meanwhile, and the back-fill would end on the server's keepalive
     * before the commit.
     */
    @Test
    void anUpdateCommittedWhileTheBackfillRunsArrives() throws Exception {
        List<ChangeEvent> line = race("race_later", null, Duration.ofMillis(1500));
        assertThat(line).extracting(e -> e.after()[2]).last().isEqualTo(2);
        assertThat(line).extracting(e -> e.after()[2]).containsOnlyOnce(2);
    }

    /**
     * Another session commits a change of another captured table between the high watermark and the
     * transaction's commit, as any concurrent writer does. Loses the update with Flink CDC 3.5: the
     * back-fill ends on that change.
     */
    @Test
    void anUpdateCommittedAfterAnotherWriterArrives() throws Exception {
        List<ChangeEvent> line =
                race("race_other", "INSERT INTO notes VALUES (1)", Duration.ofMillis(500));
        assertThat(line).extracting(e -> e.after()[2]).last().isEqualTo(2);
        assertThat(line).extracting(e -> e.after()[2]).containsOnlyOnce(2);
    }

    /**
     * The transaction changes another captured table and then the row, and commits after the
     * chunk's SELECT, right before the high watermark is read: its commit record ends where the
     * watermark is read. The back-fill must hold the update (the stream drops it, as it lies before
     * the watermark).
     */
    @Test
    void aTransactionOfTwoTablesCommittedRightBeforeTheHighWatermarkArrivesOnce() throws Exception {
        List<ChangeEvent> line =
                race("race_at_hw", PostgresCdcBackfillRaceIT::commitTwoTables, null, Duration.ZERO);
        assertThat(line)
                .extracting(e -> e.op() + " v" + e.after()[2])
                .containsExactly("SNAPSHOT v2");
    }

    /**
     * After the chunk's SELECT, before its high watermark: one transaction inserts a note and
     * updates a row of the chunk, and commits.
     */
    static void commitTwoTables(SourceConfig config, SourceSplit split) throws SQLException {
        if (!split.splitId().startsWith("public.lines:") || !ARMED.compareAndSet(true, false)) {
            return;
        }
        try (Connection c = harness.connect(database);
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO notes VALUES (5)");
            s.executeUpdate(
                    "UPDATE lines SET version = version + 1, qty = qty + 100"
                            + " WHERE order_id = 7 AND line_no = 2");
            c.commit();
            c.setAutoCommit(true);
            trace = "committed, WAL insert position " + insertLsn(s);
        }
        committed = CompletableFuture.completedFuture(null);
    }

    /** After the chunk's SELECT, before its high watermark: update a row, leave it uncommitted. */
    static void openTransaction(SourceConfig config, SourceSplit split) throws SQLException {
        if (!split.splitId().startsWith("public.lines:") || !ARMED.compareAndSet(true, false)) {
            return;
        }
        Connection c = harness.connect(database);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate(
                    "UPDATE lines SET version = version + 1, qty = qty + 100"
                            + " WHERE order_id = 7 AND line_no = 2");
        }
        // A synchronous commit elsewhere writes WAL up to its commit, past the update, as any
        // concurrent commit (or the WAL writer) does; the high watermark is read after it.
        try (Connection other = harness.connect(database);
                Statement s = other.createStatement()) {
            s.execute("SET synchronous_commit = on");
            s.execute("INSERT INTO uncaptured VALUES (0)");
            trace = "WAL written up to " + lsn(s);
        }
        // Commits later, by the clock alone: Flink CDC goes on meanwhile.
        committed =
                CompletableFuture.runAsync(
                        () -> {
                            try (c) {
                                TimeUnit.MILLISECONDS.sleep(commitAfter.toMillis());
                                if (between != null) {
                                    try (Connection other = harness.connect(database);
                                            Statement s = other.createStatement()) {
                                        s.execute(between);
                                    }
                                }
                                c.commit();
                            } catch (SQLException | InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
    }

    private static String insertLsn(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String lsn(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Runs the race in a new database; the change events of line (7, 2), in order. */
    private List<ChangeEvent> race(String db, String betweenSql, Duration commitDelay)
            throws Exception {
        return race(db, PostgresCdcBackfillRaceIT::openTransaction, betweenSql, commitDelay);
    }

    private List<ChangeEvent> race(
            String db,
            SnapshotPhaseHook beforeHighWatermark,
            String betweenSql,
            Duration commitDelay)
            throws Exception {
        server.createDatabase(db);
        harness.sql(
                db,
                "CREATE TABLE lines (order_id int, line_no int, version int NOT NULL,"
                        + " qty int NOT NULL, PRIMARY KEY (order_id, line_no))",
                "ALTER TABLE lines REPLICA IDENTITY FULL",
                "CREATE TABLE notes (id int PRIMARY KEY)",
                "CREATE TABLE uncaptured (id int)",
                "INSERT INTO lines SELECT o, l, 1, l FROM generate_series(1, 30) o,"
                        + " generate_series(1, 3) l");
        database = db;
        between = betweenSql;
        commitAfter = commitDelay;
        trace = "";
        ARMED.set(true);
        SnapshotPhaseHooks hooks = new SnapshotPhaseHooks();
        hooks.setPreHighWatermarkAction(beforeHighWatermark);
        Map<String, Object> values =
                map(
                        "tables.include",
                        List.of("public\\.lines", "public\\.notes"),
                        // One chunk; no heartbeat during the test.
                        PostgresCdcSourceOptions.SNAPSHOT_CHUNK_SIZE.key(),
                        1000,
                        PostgresCdcSourceOptions.HEARTBEAT_INTERVAL.key(),
                        Duration.ofMinutes(10));
        try (CdcHarness.Run run =
                harness.start(
                        new PostgresCdcSourceFactory(hooks),
                        "race",
                        CdcHarness.parsed(harness.options(db, values), Map.of()),
                        null,
                        null,
                        db)) {
            await("the snapshot")
                    .atMost(Duration.ofSeconds(60))
                    .failFast("the job ended", run::finished)
                    .until(() -> run.count(Op.SNAPSHOT) >= 90);
            committed.get(30, TimeUnit.SECONDS);
            harness.sql(db, "INSERT INTO lines VALUES (2000, 1, 1, 1)");
            await("a change made after the snapshot")
                    .atMost(Duration.ofSeconds(60))
                    .failFast("the job ended", run::finished)
                    .until(() -> !events(run, 2000, 1).isEmpty());
            List<ChangeEvent> line = events(run, 7, 2);
            System.out.println(
                    db
                            + ": "
                            + trace
                            + "; line (7, 2): "
                            + line.stream()
                                    .map(
                                            e ->
                                                    e.op()
                                                            + " v"
                                                            + e.after()[2]
                                                            + " at LSN "
                                                            + e.position().offset())
                                    .collect(Collectors.toList()));
            return line;
        }
    }

    private static List<ChangeEvent> events(CdcHarness.Run run, int order, int lineNo) {
        return run.events().stream()
                .filter(
                        e ->
                                e.table().table().equals("lines")
                                        && e.after() != null
                                        && ((Number) e.after()[0]).intValue() == order
                                        && ((Number) e.after()[1]).intValue() == lineNo)
                .collect(Collectors.toList());
    }
}

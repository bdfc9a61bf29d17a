package dev.tributary.jdbc.commit;

import static dev.tributary.jdbc.Events.insert;
import static dev.tributary.jdbc.Events.record;
import static dev.tributary.jdbc.Events.schema;
import static dev.tributary.jdbc.Events.truncate;
import static dev.tributary.jdbc.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.JdbcSink;
import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.TestRequest;
import dev.tributary.jdbc.TestSinkConfigs;
import dev.tributary.jdbc.dialect.postgres.PostgresDialect;
import dev.tributary.jdbc.writer.BatchBuffer;
import dev.tributary.jdbc.writer.JdbcSinkWriter;
import dev.tributary.jdbc.writer.JdbcWriterState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches written ahead, from the barrier on, in a transaction that commits only when the
 * checkpoint holding the batch is complete: what other sessions see meanwhile, and every way the
 * open transaction can end (committed, rolled back at close, overtaken by an earlier batch, lost
 * with its connection). The transaction left open is observed in PostgreSQL itself: a session idle
 * in a transaction that has written the commit table.
 */
class PostgresWriteAheadIT {
    @TempDir static Path dataDir;

    private static EmbeddedDatabase database;

    private static final TableId ORDERS = TableId.parse("orders");
    private static final TableId HISTORY = TableId.parse("orders_history");
    private static final TableSchema ORDER = schema(List.of("id"), "id INT64", "name STRING");

    private String url;
    private JdbcSink sink;
    private JdbcSinkWriter writer;
    private JdbcCommitter committer;

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.start(dataDir);
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void freshSink(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName().toLowerCase();
        database.createDatabase(name);
        url = database.jdbcUrl(name);
        sink = new JdbcSink(config());
        // As Flink chains them: the writer's applier and the committer in this one thread.
        committer = sink.createCommitter(0);
        writer = sink.createWriter(0, List.of(), true);
    }

    @AfterEach
    void closeSink() throws Exception {
        try {
            writer.close();
        } finally {
            committer.close();
        }
    }

    private JdbcSinkConfig config() {
        return TestSinkConfigs.of(url, database.user(), database.password());
    }

    /** Writes ids [from, to) as upserts and appends, and prepares the batch as at a barrier. */
    private JdbcCommittable barrier(JdbcSinkWriter w, long from, long to) throws Exception {
        for (long i = from; i < to; i++) {
            w.write(upsert(ORDERS, insert(ORDER, i, "n" + i)));
            w.write(record(HISTORY, WriteMode.APPEND, insert(ORDER, i, "n" + i)));
        }
        return w.prepareCommit().iterator().next();
    }

    /** Flink's notifyCheckpointComplete: the committer gets the batches; waits for the apply. */
    private void checkpointCompletes(JdbcCommittable... batches) throws Exception {
        List<TestRequest> requests = new ArrayList<>();
        for (JdbcCommittable b : batches) {
            requests.add(new TestRequest(b));
        }
        committer.commit(new ArrayList<>(requests));
        // Flink's next prepareSnapshotPreBarrier: the writer waits for the handed-off applies.
        assertThat(writer.prepareCommit()).isEmpty();
        for (TestRequest r : requests) {
            assertThat(r.failure).isNull();
        }
    }

    @Test
    void aBatchWrittenAheadBecomesVisibleOnlyWhenItsCheckpointCompletes() throws Exception {
        JdbcCommittable batch = barrier(writer, 0, 500);

        long xid = awaitWrittenAhead();
        assertThat(count("SELECT count(*) FROM orders")).isZero();
        assertThat(count("SELECT count(*) FROM orders_history")).isZero();
        assertThat(count("SELECT count(*) FROM _tributary_commits")).isZero();

        checkpointCompletes(batch);

        assertLanded(500, 1);
        // Committed by the transaction that wrote it ahead, not written a second time.
        assertThat(outcome(xid)).isEqualTo("committed");
        assertThat(count("SELECT xmin::text::bigint FROM _tributary_commits")).isEqualTo(xid);
        assertThat(openTransactions()).isEmpty();
    }

    @Test
    void theNextBatchIsWrittenAheadAfterTheCommitOfThePreviousOne() throws Exception {
        checkpointCompletes(barrier(writer, 0, 100));
        JdbcCommittable second = barrier(writer, 50, 300);

        long xid = awaitWrittenAhead();
        checkpointCompletes(second);

        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM orders_history")).isEqualTo(350);
        assertThat(outcome(xid)).isEqualTo("committed");
        assertThat(count("SELECT sequence FROM _tributary_commits")).isEqualTo(2);
    }

    @Test
    void aBatchWrittenAheadIsRolledBackWhenTheTaskStopsBeforeItsCheckpointCompletes()
            throws Exception {
        JdbcCommittable batch = barrier(writer, 0, 200);
        long xid = awaitWrittenAhead();

        writer.close();

        assertThat(openTransactions()).isEmpty();
        assertThat(outcome(xid)).isEqualTo("aborted");
        assertThat(count("SELECT count(*) FROM orders")).isZero();
        // Flink restores the checkpoint that holds the batch; its new committer applies it once.
        try (JdbcCommitter restored = sink.createCommitter()) {
            TestRequest replay = new TestRequest(batch);
            restored.commit(List.of(replay));
            assertThat(replay.alreadyCommitted).isFalse();
        }
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(200);
        assertThat(count("SELECT count(DISTINCT id) FROM orders_history")).isEqualTo(200);
        writer = sink.createWriter(0, List.of(), true);
    }

    @Test
    void whileACheckpointIsPendingTheNextBatchWaitsForItsOwnCompletion() throws Exception {
        JdbcCommittable first = barrier(writer, 0, 100);
        long xid = awaitWrittenAhead();
        // Checkpoint 1 does not complete (aborted, or its notification is late) before the next
        // barrier: the first batch stays open, the second is not written ahead.
        JdbcCommittable second = barrier(writer, 100, 250);

        // Flink completes checkpoint 2 and hands over both checkpoints' batches.
        checkpointCompletes(first, second);

        assertLanded(250, 2);
        assertThat(outcome(xid)).isEqualTo("committed");
    }

    @Test
    void aReplayOfAnEarlierBatchRollsBackTheBatchWrittenAhead() throws Exception {
        JdbcCommittable first = barrier(writer, 0, 100);
        checkpointCompletes(first);
        JdbcCommittable second = barrier(writer, 100, 200);
        long xid = awaitWrittenAhead();

        // Whatever else comes first ends the open transaction: nothing commits for another batch.
        checkpointCompletes(first);
        assertThat(openTransactions()).isEmpty();
        checkpointCompletes(second);

        assertLanded(200, 2);
        assertThat(outcome(xid)).isEqualTo("aborted");
    }

    @Test
    void aConnectionLostWhileTheBatchWaitsForItsCheckpointIsAppliedAgain() throws Exception {
        JdbcCommittable batch = barrier(writer, 0, 300);
        awaitWrittenAhead();

        sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND state = 'idle in transaction'");
        checkpointCompletes(batch);

        assertLanded(300, 1);
        assertThat(count("SELECT count(*) FROM orders_history")).isEqualTo(300);
    }

    @Test
    void aWriterWhoseCommitterRunsInAnotherTaskDoesNotWriteAhead() throws Exception {
        // Not chained: Flink runs this subtask's committer in a task (thread) of its own.
        ExecutorService otherTask = Executors.newSingleThreadExecutor();
        try {
            JdbcCommitter elsewhere = otherTask.submit(() -> sink.createCommitter(0)).get();
            JdbcCommittable batch = barrier(writer, 0, 100);
            assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .doesNotContain("tributary-apply-shop-warehouse-0");

            // That committer applies the batch itself; nothing holds the commit-table row.
            otherTask
                    .submit(
                            () -> {
                                elsewhere.commit(List.of(new TestRequest(batch)));
                                elsewhere.close();
                                return null;
                            })
                    .get(60, TimeUnit.SECONDS);
        } finally {
            otherTask.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(100);
        assertThat(count("SELECT sequence FROM _tributary_commits")).isEqualTo(1);
        assertThat(openTransactions()).isEmpty();
    }

    @Test
    void onlyTheBatchRightAfterTheStoredSequenceIsWrittenAhead() throws Exception {
        // Restored state says batch 1 was handed out, and the commit table holds nothing: batch 1
        // is still to be applied, so batch 2 must not be written (and locked) before it.
        JdbcSinkWriter restored = sink.createWriter(0, List.of(new JdbcWriterState(0, 1)));
        JdbcCommittable second = barrier(restored, 0, 10);
        assertThat(second.sequence()).isEqualTo(2);
        try (BatchTransactions transactions =
                new BatchTransactions(config(), new PostgresDialect())) {
            assertThat(transactions.open(second)).isFalse();
            assertThat(openTransactions()).isEmpty();

            JdbcCommittable first = new JdbcCommittable("shop", "warehouse", 0, 1, second.tables());
            assertThat(transactions.open(first)).isTrue();
            assertThat(transactions.isOpen(first)).isTrue();
            assertThat(openTransactions()).hasSize(1);
            // One open transaction at a time.
            assertThat(transactions.open(second)).isFalse();

            transactions.rollbackOpen();
            assertThat(openTransactions()).isEmpty();
        }
        assertThat(count("SELECT count(*) FROM orders")).isZero();
    }

    @Test
    void aBatchThatTruncatesIsNotWrittenAheadSoReadersAreNotLockedOut() throws Exception {
        checkpointCompletes(barrier(writer, 0, 10));
        // Batch 2 as the writer builds it, but not handed to its applier: this test opens it.
        BatchBuffer buffer = new BatchBuffer();
        buffer.add(upsert(ORDERS, truncate(ORDER)));
        for (long i = 100; i < 105; i++) {
            buffer.add(upsert(ORDERS, insert(ORDER, i, "n" + i)));
        }
        JdbcCommittable truncating = new JdbcCommittable("shop", "warehouse", 0, 2, buffer.drain());
        assertThat(truncating.truncatesATable()).isTrue();
        try (BatchTransactions transactions =
                new BatchTransactions(config(), new PostgresDialect())) {
            assertThat(transactions.open(truncating)).isFalse();
            // Nothing holds the table while the checkpoint is pending: readers go on.
            assertThat(openTransactions()).isEmpty();
            assertThat(count("SELECT count(*) FROM orders")).isEqualTo(10);
        }

        checkpointCompletes(truncating);

        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(5);
        assertThat(count("SELECT min(id) FROM orders")).isEqualTo(100);
        assertThat(count("SELECT sequence FROM _tributary_commits")).isEqualTo(2);
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------

    /**
     * Ids 0 to {@code ids - 1} are mirrored and appended (each id at least once), and the commit
     * table holds {@code sequence}.
     */
    private void assertLanded(long ids, long sequence) throws SQLException {
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(ids);
        assertThat(count("SELECT count(DISTINCT id) FROM orders_history")).isEqualTo(ids);
        assertThat(count("SELECT sequence FROM _tributary_commits")).isEqualTo(sequence);
    }

    /**
     * Waits until a session sits idle in a transaction that has written the commit table: the batch
     * is written and waits for its checkpoint. Returns that transaction's id.
     */
    private long awaitWrittenAhead() {
        List<Long> open = new ArrayList<>();
        await("a batch written ahead, waiting for its checkpoint")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            open.clear();
                            open.addAll(openTransactions());
                            return open.size() == 1;
                        });
        return open.get(0);
    }

    /** Transactions idle after writing the commit table, by id. */
    private List<Long> openTransactions() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT a.backend_xid::text::bigint FROM pg_stat_activity a"
                                        + " JOIN pg_locks l ON l.pid = a.pid"
                                        + " WHERE a.datname = current_database()"
                                        + " AND a.state = 'idle in transaction'"
                                        + " AND l.relation = to_regclass('_tributary_commits')"
                                        + " AND l.mode = 'RowExclusiveLock'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** What became of a transaction: committed, aborted or in progress. */
    private String outcome(long xid) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_xact_status('" + xid + "'::xid8)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, database.user(), database.password());
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long count(String query) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package dev.tributary.jdbc.dialect.postgres;

import static dev.tributary.jdbc.Events.insert;
import static dev.tributary.jdbc.Events.record;
import static dev.tributary.jdbc.Events.schema;
import static dev.tributary.jdbc.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.JdbcSink;
import dev.tributary.jdbc.TestRequest;
import dev.tributary.jdbc.TestSinkConfigs;
import dev.tributary.jdbc.commit.JdbcCommittable;
import dev.tributary.jdbc.commit.JdbcCommitter;
import dev.tributary.jdbc.writer.JdbcSinkWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink rides out a PostgreSQL restart: commits retry, and every row lands exactly once. */
class PostgresOutageIT {
    private static final TableId ORDERS = TableId.parse("orders");
    private static final TableId HISTORY = TableId.parse("orders_history");
    private static final TableSchema ORDER = schema(List.of("id"), "id INT64", "name STRING");

    private static final String SECRET = "s3cret-in-url";

    @TempDir Path dataDir;

    private EmbeddedDatabase database;
    private String url;

    @BeforeEach
    void start() {
        database = EmbeddedDatabase.start(dataDir);
        database.createDatabase("warehouse");
        // A password in the URL, to check that no message shows it (the embedded server trusts
        // anyone).
        url =
                database.jdbcUrl("warehouse")
                        + (database.jdbcUrl("warehouse").contains("?") ? "&" : "?")
                        + "password="
                        + SECRET;
    }

    @AfterEach
    void stop() {
        database.close();
    }

    private JdbcSink sink(int retries) {
        return new JdbcSink(
                TestSinkConfigs.of(
                        "shop",
                        url,
                        database.user(),
                        database.password(),
                        Map.of("connectTimeout", "2"),
                        retries,
                        Duration.ofMillis(50)));
    }

    private static JdbcCommittable batch(JdbcSinkWriter writer, long from, long to)
            throws Exception {
        for (long i = from; i < to; i++) {
            writer.write(upsert(ORDERS, insert(ORDER, i, "n" + i)));
            writer.write(record(HISTORY, WriteMode.APPEND, insert(ORDER, i, "n" + i)));
        }
        return writer.prepareCommit().iterator().next();
    }

    @Test
    void aCommitDuringARestartRetriesAndLandsExactlyOnce() throws Exception {
        JdbcSink sink = sink(30);
        JdbcSinkWriter writer = sink.createWriter(0, List.of());
        try (JdbcCommitter committer = sink.createCommitter()) {
            committer.commit(List.of(new TestRequest(batch(writer, 0, 100))));
            JdbcCommittable second = batch(writer, 100, 1100);

            database.stop();
            CompletableFuture<Void> commit =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    committer.commit(List.of(new TestRequest(second)));
                                } catch (IOException | InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            await("the commit keeps retrying while the database is down")
                    .during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !commit.isDone());
            database.restart();
            await("the commit completes after the restart")
                    .atMost(Duration.ofSeconds(60))
                    .until(commit::isDone);
            commit.get();

            // A replay of the same batch, as after a crash before Flink learned of the commit.
            TestRequest replay = new TestRequest(second);
            committer.commit(List.of(replay));
            assertThat(replay.alreadyCommitted).isTrue();
        }
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(1100);
        assertThat(count("SELECT count(*) FROM orders_history")).isEqualTo(1100);
        assertThat(count("SELECT count(DISTINCT id) FROM orders_history")).isEqualTo(1100);
        assertThat(count("SELECT sequence FROM _tributary_commits")).isEqualTo(2);
    }

    @Test
    void aCommitThatGivesUpFailsWithoutShowingThePasswordAndSucceedsOnRecovery() throws Exception {
        JdbcSink sink = sink(1);
        JdbcSinkWriter writer = sink.createWriter(0, List.of());
        JdbcCommittable batch = batch(writer, 0, 50);
        database.stop();
        try (JdbcCommitter committer = sink.createCommitter()) {
            assertThatThrownBy(() -> committer.commit(List.of(new TestRequest(batch))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("failed after 2 attempts")
                    .hasMessageContaining("sqlState=08")
                    .hasMessageContaining("password=****")
                    .hasMessageNotContaining(SECRET);
        }
        database.restart();
        // Flink restarts from the last checkpoint and hands the same batch to a new committer.
        try (JdbcCommitter committer = sink.createCommitter()) {
            committer.commit(List.of(new TestRequest(batch)));
        }
        assertThat(count("SELECT count(*) FROM orders_history")).isEqualTo(50);
    }

    @Test
    void aBackgroundApplyThatFailsWhileTheDatabaseIsDownFailsTheNextCheckpointAndIsReplayedOnce()
            throws Exception {
        JdbcSink sink = sink(0);
        JdbcSinkWriter writer = sink.createWriter(0, List.of(), true);
        JdbcCommittable first = batch(writer, 0, 100);
        JdbcCommittable second;
        try (JdbcCommitter committer = sink.createCommitter()) {
            committer.commit(List.of(new TestRequest(first)));
            second = batch(writer, 100, 300);
            database.stop();
            committer.commit(List.of(new TestRequest(second)));

            assertThatThrownBy(writer::prepareCommit)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the background apply of " + second + " failed")
                    .hasMessageContaining("failed after 1 attempts")
                    .hasMessageNotContaining(SECRET);
            assertThatThrownBy(writer::close).isInstanceOf(IOException.class);
        }
        database.restart();
        // Flink restores the last completed checkpoint (it holds the second batch) with a new
        // committer.
        try (JdbcCommitter committer = sink.createCommitter()) {
            TestRequest replayFirst = new TestRequest(first);
            TestRequest replaySecond = new TestRequest(second);
            committer.commit(List.of(replaySecond, replayFirst));
            assertThat(replayFirst.alreadyCommitted).isTrue();
            assertThat(replaySecond.alreadyCommitted).isFalse();
        }
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM orders_history")).isEqualTo(300);
        assertThat(count("SELECT count(DISTINCT id) FROM orders_history")).isEqualTo(300);
        assertThat(count("SELECT sequence FROM _tributary_commits")).isEqualTo(2);
    }

    private long count(String sql) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                database.jdbcUrl("warehouse"),
                                database.user(),
                                database.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

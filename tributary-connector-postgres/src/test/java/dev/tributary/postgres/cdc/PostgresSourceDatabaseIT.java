package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.CdcHarness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SourceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code tributary status} and {@code run} learn from a postgres-cdc source's database: row
 * estimates for the snapshot (statistics, an exact count without them, partitions added up) and the
 * replication slot's state.
 */
class PostgresSourceDatabaseIT extends WithCdcServer {

    private static SourceDatabase database(String db, Map<String, Object> extra) {
        return new PostgresCdcSourceFactory()
                .database(
                        "Est Pipe", "shop", CdcHarness.parsed(harness.options(db, extra), Map.of()))
                .orElseThrow();
    }

    private static Connection connect(SourceDatabase source) throws Exception {
        return DriverManager.getConnection(source.jdbcUrl(), source.connectionProperties());
    }

    @Test
    void estimatesComeFromStatisticsOrAnExactCountWhenTheTableWasNeverAnalyzed() throws Exception {
        String db = "estimates";
        server.createDatabase(db);
        harness.sql(
                db,
                "CREATE TABLE fresh (id int PRIMARY KEY)",
                "INSERT INTO fresh SELECT g FROM generate_series(1, 1234) g",
                "CREATE TABLE analyzed (id int PRIMARY KEY)",
                "INSERT INTO analyzed SELECT g FROM generate_series(1, 4321) g",
                "ANALYZE analyzed",
                "CREATE TABLE parts (id int, region text, PRIMARY KEY (region, id))"
                        + " PARTITION BY LIST (region)",
                "CREATE TABLE parts_eu PARTITION OF parts FOR VALUES IN ('eu')",
                "CREATE TABLE parts_us PARTITION OF parts FOR VALUES IN ('us')",
                "INSERT INTO parts SELECT g, CASE WHEN g % 3 = 0 THEN 'eu' ELSE 'us' END"
                        + " FROM generate_series(1, 300) g",
                "ANALYZE parts_eu",
                "CREATE TABLE \"Odd \"\"name\"\"\" (id int PRIMARY KEY)",
                "INSERT INTO \"Odd \"\"name\"\"\" VALUES (1), (2)");
        SourceDatabase source = database(db, map("tables.include", List.of("public\\..*")));
        TableId fresh = TableId.of("public", "fresh");
        TableId analyzed = TableId.of("public", "analyzed");
        TableId parts = TableId.of("public", "parts");
        TableId odd = TableId.of("public", "Odd \"name\"");
        TableId missing = TableId.of("public", "missing");

        Map<TableId, Long> estimates;
        try (Connection c = connect(source)) {
            estimates = source.estimateRows(c, List.of(fresh, analyzed, parts, odd, missing));
        }

        assertThat(estimates)
                .containsEntry(fresh, 1234L)
                .containsEntry(analyzed, 4321L)
                // parts_us has no statistics yet: the whole table is counted.
                .containsEntry(parts, 300L)
                .containsEntry(odd, 2L)
                .doesNotContainKey(missing);
    }

    @Test
    void aTableWithoutStatisticsIsCountedOnlyUpToTheLimitThenEstimatedFromItsSize()
            throws Exception {
        String db = "limited";
        server.createDatabase(db);
        harness.sql(
                db,
                "CREATE TABLE big (id int PRIMARY KEY, pad text)",
                "INSERT INTO big SELECT g, repeat('x', 20) FROM generate_series(1, 5000) g");
        try (Connection c = harness.connect(db)) {
            long estimate =
                    RowEstimates.of(c, List.of(TableId.of("public", "big")), 100)
                            .get(TableId.of("public", "big"));
            // The planner scales the pages on disk: close to the truth, and past the limit.
            assertThat(estimate).isBetween(2500L, 10000L);
        }
    }

    @Test
    void noEstimatesWhenTheSourceStartsAtTheEndOfTheLog() throws Exception {
        String db = "never";
        server.createDatabase(db);
        harness.sql(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        SourceDatabase source =
                database(db, map("tables.include", List.of("public\\.t"), "startup-mode", "never"));
        try (Connection c = connect(source)) {
            assertThat(source.estimateRows(c, List.of(TableId.of("public", "t")))).isEmpty();
        }
    }

    @Test
    void healthNamesTheDerivedSlotAndReportsItsRetainedWal() throws Exception {
        String db = "slots";
        server.createDatabase(db);
        harness.sql(db, "CREATE TABLE t (id int PRIMARY KEY)");
        SourceDatabase source = database(db, map("tables.include", List.of("public\\.t")));
        try (Connection c = connect(source)) {
            assertThat(source.health(c))
                    .containsExactly(
                            Map.entry("slot", "tributary_est_pipe_shop"),
                            Map.entry("state", "not created yet (the pipeline has not started)"));
            try (Statement s = c.createStatement()) {
                s.execute(
                        "SELECT pg_create_logical_replication_slot('tributary_est_pipe_shop',"
                                + " 'pgoutput')");
            }
            harness.sql(db, "INSERT INTO t SELECT g FROM generate_series(1, 2000) g");

            // The server flushes WAL in the background (synchronous_commit is off here).
            await("the insert's WAL is written")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> source.health(c).get("retained WAL").endsWith("iB"));
            Map<String, String> health = source.health(c);

            assertThat(health.keySet())
                    .containsExactly(
                            "slot",
                            "active",
                            "retained WAL",
                            "confirmed-flush lag",
                            "confirmed LSN");
            assertThat(health.get("active")).isEqualTo("no");
            assertThat(health.get("retained WAL")).matches("\\d+\\.\\d (KiB|MiB)");
            assertThat(health.get("confirmed-flush lag")).matches("\\d+\\.\\d (KiB|MiB)");
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot('tributary_est_pipe_shop')");
            }
        }
    }
}

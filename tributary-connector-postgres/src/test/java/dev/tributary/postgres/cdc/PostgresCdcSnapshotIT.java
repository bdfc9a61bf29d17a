package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.CdcHarness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The source's snapshot and stream applied by the JDBC sink into a second database: the target ends
 * up equal to the source, row by row, whatever happens to the source meanwhile.
 */
class PostgresCdcSnapshotIT extends WithCdcServer {

    private static final String[] TABLES = {"customers", "orders", "order_lines"};
    private static final String[] ORDER_BY = {"id", "id", "order_id, line"};

    private static void shop(String db, int customers) throws SQLException {
        server.createDatabase(db);
        harness.sql(
                db,
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL,"
                        + " balance numeric(10,2))",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer int, note varchar(40))",
                "CREATE TABLE order_lines (order_id bigint, line int, qty int,"
                        + " PRIMARY KEY (order_id, line))",
                "CREATE TABLE not_captured (id int PRIMARY KEY)",
                "INSERT INTO customers SELECT g, 'c' || g, g * 1.25 FROM generate_series(1, "
                        + customers
                        + ") g",
                "INSERT INTO orders SELECT g, g % 50, 'o' || g FROM generate_series(1, "
                        + customers
                        + ") g",
                "INSERT INTO order_lines SELECT g, l, g + l FROM generate_series(1, "
                        + customers / 2
                        + ") g, generate_series(1, 3) l");
    }

    private static Map<String, Object> capture(String db, Object... extra) {
        Map<String, Object> values = map(extra);
        values.put(
                "tables.include",
                List.of("public\\.customers", "public\\.orders", "public\\.order_lines"));
        return harness.options(db, values);
    }

    private static void awaitEqual(String source, String target, Duration within) {
        await("target tables equal the source tables")
                .atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            for (int i = 0; i < TABLES.length; i++) {
                                assertThat(harness.rows(target, TABLES[i], ORDER_BY[i]))
                                        .as(TABLES[i])
                                        .isEqualTo(harness.rows(source, TABLES[i], ORDER_BY[i]));
                            }
                        });
    }

    /** Random inserts, updates and deletes, including key changes, on every captured table. */
    private static void workload(String db, int statements, long seed) throws SQLException {
        Random random = new Random(seed);
        try (Connection c = harness.connect(db);
                Statement s = c.createStatement()) {
            for (int i = 0; i < statements; i++) {
                int id = 1 + random.nextInt(600);
                switch (random.nextInt(7)) {
                    case 0:
                        s.execute(
                                "INSERT INTO customers VALUES ("
                                        + (100_000 + i)
                                        + ", 'new', 1.5) ON CONFLICT DO NOTHING");
                        break;
                    case 1:
                        s.execute("UPDATE customers SET name = name || 'u' WHERE id = " + id);
                        break;
                    case 2:
                        s.execute("DELETE FROM customers WHERE id = " + id);
                        break;
                    case 3:
                        s.execute("UPDATE orders SET note = 'n" + i + "' WHERE id = " + id);
                        break;
                    case 4:
                        s.execute(
                                "UPDATE orders SET id = id + 200000 WHERE id = "
                                        + id
                                        + " AND NOT EXISTS (SELECT 1 FROM orders WHERE id = "
                                        + (id + 200_000)
                                        + ")");
                        break;
                    case 5:
                        s.execute(
                                "UPDATE order_lines SET qty = qty + 1 WHERE order_id = "
                                        + (id / 2));
                        break;
                    default:
                        s.execute("DELETE FROM order_lines WHERE order_id = " + (id / 2));
                        break;
                }
            }
        }
    }

    @Test
    void snapshotWithConcurrentChangesThenStreamingKeepsTheTargetEqual() throws Exception {
        shop("shop1", 600);
        server.createDatabase("warehouse1");
        try (CdcHarness.Run run =
                harness.start(
                        "shop",
                        CdcHarness.parsed(capture("shop1"), Map.of()),
                        "warehouse1",
                        null,
                        "snapshot1")) {
            CompletableFuture<Void> writes =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    workload("shop1", 400, 42);
                                } catch (SQLException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            writes.get();
            awaitEqual("shop1", "warehouse1", Duration.ofSeconds(180));
            assertThat(run.count(Op.SNAPSHOT)).isPositive();

            // Streaming: key changes, deletes, composite keys.
            harness.sql(
                    "shop1",
                    "UPDATE customers SET id = id + 500000 WHERE id BETWEEN 10 AND 20",
                    "DELETE FROM customers WHERE id BETWEEN 30 AND 40",
                    "UPDATE order_lines SET line = line + 10 WHERE order_id BETWEEN 100 AND 105",
                    "DELETE FROM order_lines WHERE order_id BETWEEN 110 AND 115 AND line = 2",
                    "INSERT INTO order_lines VALUES (9999, 1, 1), (9999, 2, 2)",
                    "UPDATE order_lines SET qty = 0 WHERE order_id = 9999 AND line = 2",
                    "DELETE FROM orders WHERE id < 30");
            awaitEqual("shop1", "warehouse1", Duration.ofSeconds(60));
            assertThat(run.count(Op.DELETE)).isPositive();
            assertThat(run.errors()).isEmpty();
            assertThat(run.events()).noneMatch(e -> e.table().table().equals("not_captured"));
        }
    }

    @Test
    void startupModeNeverStreamsOnlyNewChanges() throws Exception {
        shop("shop2", 100);
        server.createDatabase("warehouse2");
        try (CdcHarness.Run run =
                harness.start(
                        "shop",
                        CdcHarness.parsed(capture("shop2", "startup-mode", "never"), Map.of()),
                        "warehouse2",
                        null,
                        "never2")) {
            harness.awaitSlotConsistent("shop2", "tributary_never2_shop");
            harness.sql(
                    "shop2",
                    "INSERT INTO customers VALUES (1001, 'late', 1), (1002, 'later', 2)",
                    "UPDATE customers SET name = 'changed' WHERE id = 1");
            assertThat(run.awaitEvents(3, Duration.ofSeconds(60)))
                    .extracting(ChangeEvent::op)
                    .containsExactly(Op.INSERT, Op.INSERT, Op.UPDATE);
            assertThat(run.count(Op.SNAPSHOT)).isZero();
            await("the target holds only the new rows")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(harness.rows("warehouse2", "customers", "id"))
                                            .extracting(r -> r.get(1))
                                            .containsExactly("changed", "late", "later"));
        }
    }

    @Test
    void startupModeNeverResumesFromAnExistingSlot() throws Exception {
        shop("shop4", 20);
        // As an earlier run whose state is gone left them: its publication and its slot.
        harness.sql(
                "shop4",
                "CREATE PUBLICATION tributary_never4_shop FOR TABLE customers, orders, order_lines",
                "SELECT pg_create_logical_replication_slot('tributary_never4_shop', 'pgoutput')",
                "INSERT INTO customers VALUES (2001, 'while stopped', 1)",
                "DELETE FROM orders WHERE id = 7");
        try (CdcHarness.Run run =
                harness.start(
                        "shop",
                        CdcHarness.parsed(capture("shop4", "startup-mode", "never"), Map.of()),
                        null,
                        null,
                        "never4")) {
            // The slot kept the changes committed before the first run: they are not lost.
            assertThat(run.awaitEvents(2, Duration.ofSeconds(60)))
                    .extracting(e -> e.op() + " " + e.table().table())
                    .containsExactly("INSERT customers", "DELETE orders");
        }
    }

    @Test
    void startupModeSnapshotOnlyCopiesEverythingAndEnds() throws Exception {
        shop("shop3", 300);
        server.createDatabase("warehouse3");
        try (CdcHarness.Run run =
                harness.start(
                        "shop",
                        CdcHarness.parsed(
                                capture("shop3", "startup-mode", "snapshot-only"), Map.of()),
                        "warehouse3",
                        null,
                        "bulk3")) {
            await("the bounded job ends by itself")
                    .atMost(Duration.ofSeconds(120))
                    .until(run::finished);
            run.result.get(); // throws when the job failed
            assertThat(run.count(Op.SNAPSHOT)).isEqualTo(300 + 300 + 150 * 3);
            awaitEqual("shop3", "warehouse3", Duration.ofSeconds(5));
        }
    }
}

package dev.tributary.app.it;

import static dev.tributary.app.it.Debezium.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.runtime.compose.RunningPipeline;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole path, Kafka → Flink → PostgreSQL, on real services: every operation, both Debezium
 * envelopes, logical types, composite keys, key changes, delete + re-insert, truncate, tombstones,
 * append mode, routing rules, auto-create and add-column.
 */
class KafkaToPostgresIT extends WithServices {

    private static final Map<String, String> DECIMAL_10_2 =
            Map.of("scale", "2", "connect.decimal.precision", "10");

    private static Debezium customers() {
        return new Debezium("shop.public.customers", "id")
                .field("id", "int64")
                .field("name", "string")
                .field("balance", "bytes", "org.apache.kafka.connect.data.Decimal", DECIMAL_10_2)
                .field("birthday", "int32", "io.debezium.time.Date", null)
                .field("updated_at", "int64", "io.debezium.time.MicroTimestamp", null)
                .field("seen_at", "string", "io.debezium.time.ZonedTimestamp", null)
                .field("profile", "string", "io.debezium.data.Json", null)
                .field("uid", "string", "io.debezium.data.Uuid", null)
                .field("active", "boolean");
    }

    private static Map<String, Object> customer(long id, String name, String balanceBase64) {
        return row(
                "id",
                id,
                "name",
                name,
                "balance",
                balanceBase64,
                "birthday",
                19000,
                "updated_at",
                1_700_000_000_123_456L,
                "seen_at",
                "2024-03-01T10:15:30.5+02:00",
                "profile",
                "{\"vip\":true}",
                "uid",
                "0b5c4c4e-6f5a-4f7e-9a57-3c1f5d1e2a10",
                "active",
                true);
    }

    @Test
    void mirrorsEveryOperationIntoPostgres() throws Exception {
        String db = services.newDatabase("mirror");
        String tables =
                String.join(
                        "\n",
                        "  - match: 'shop\\.public\\.history_(.*)'",
                        "    target: 'public.$1_history'",
                        "    mode: append",
                        "  - match: 'shop\\.public\\.(order_lines)'",
                        "    target: 'public.$1'",
                        "    key: [order_id, line_no]",
                        "    columns:",
                        "      - { name: order_id, type: int64 }",
                        "      - { name: line_no, type: int32 }",
                        "      - { name: sku, type: 'string(20)' }",
                        "      - { name: qty, type: int32 }",
                        "      - { name: price, type: 'decimal(10,2)' }",
                        "  - match: 'shop\\.public\\.(.*)'",
                        "    target: 'public.$1'");
        for (String t : List.of("customers", "order_lines", "scratch", "history_orders")) {
            services.kafka.createTopic("shop.public." + t, 1);
        }
        RunningPipeline pipeline =
                Pipelines.start(
                        Pipelines.kafkaToJdbc(
                                "mirror",
                                dir.resolve("state-mirror"),
                                services,
                                db,
                                "shop\\.public\\..*",
                                tables),
                        dir);
        try {
            Debezium c = customers();
            String topic = "shop.public.customers";
            long ts = 1_700_000_000_000L;
            services.send(topic, c.key(1L), c.value("r", null, customer(1, "Ann", "MDk="), ts));
            services.send(topic, c.key(2L), c.value("r", null, customer(2, "Bob", "/zs="), ts));
            services.send(topic, c.key(3L), c.value("c", null, customer(3, "Cid", "AA=="), ts + 1));
            services.send(
                    topic, c.key(1L), c.value("u", null, customer(1, "Anna", "MDk="), ts + 2));
            services.send(topic, c.key(2L), c.value("d", customer(2, "Bob", "/zs="), null, ts + 3));
            services.send(topic, c.key(2L), null); // tombstone
            // A key change with the old row image: the old key goes, the new one comes.
            services.send(
                    topic,
                    c.key(30L),
                    c.value("u", customer(3, "Cid", "AA=="), customer(30, "Cid", "AA=="), ts + 4));
            // Delete and re-insert of one key, likely in one batch: the row stays.
            services.send(
                    topic, c.key(1L), c.value("d", customer(1, "Anna", "MDk="), null, ts + 5));
            services.send(
                    topic, c.key(1L), c.value("c", null, customer(1, "Ann again", "MDk="), ts + 6));
            // A new column appears in the source: the table gains it.
            Debezium c2 = customers().field("tier", "string");
            Map<String, Object> withTier = customer(4, "Dee", "AA==");
            withTier.put("tier", "gold");
            services.send(topic, c2.key(4L), c2.value("c", null, withTier, ts + 7));

            Debezium lines =
                    new Debezium("shop.public.order_lines", "order_id", "line_no")
                            .field("order_id", "int64")
                            .field("line_no", "int32")
                            .field("sku", "string")
                            .field("qty", "int32")
                            .field("price", "string")
                            .withoutEnvelope();
            String lt = "shop.public.order_lines";
            services.send(
                    lt,
                    lines.key(1L, 1),
                    lines.value(
                            "c",
                            null,
                            row(
                                    "order_id",
                                    1,
                                    "line_no",
                                    1,
                                    "sku",
                                    "A-1",
                                    "qty",
                                    2,
                                    "price",
                                    "9.99"),
                            ts));
            services.send(
                    lt,
                    lines.key(1L, 2),
                    lines.value(
                            "c",
                            null,
                            row(
                                    "order_id",
                                    1,
                                    "line_no",
                                    2,
                                    "sku",
                                    "B-2",
                                    "qty",
                                    1,
                                    "price",
                                    "5.00"),
                            ts));
            services.send(
                    lt,
                    lines.key(1L, 2),
                    lines.value(
                            "u",
                            null,
                            row(
                                    "order_id",
                                    1,
                                    "line_no",
                                    2,
                                    "sku",
                                    "B-2",
                                    "qty",
                                    7,
                                    "price",
                                    "5.00"),
                            ts));
            services.send(
                    lt,
                    lines.key(1L, 1),
                    lines.value(
                            "d",
                            row(
                                    "order_id",
                                    1,
                                    "line_no",
                                    1,
                                    "sku",
                                    "A-1",
                                    "qty",
                                    2,
                                    "price",
                                    "9.99"),
                            null,
                            ts));

            Debezium scratch =
                    new Debezium("shop.public.scratch", "id")
                            .field("id", "int64")
                            .field("v", "string");
            String st = "shop.public.scratch";
            services.send(
                    st, scratch.key(1L), scratch.value("c", null, row("id", 1, "v", "a"), ts));
            services.send(
                    st, scratch.key(2L), scratch.value("c", null, row("id", 2, "v", "b"), ts));
            services.send(st, null, scratch.value("t", null, null, ts + 1));
            services.send(
                    st, scratch.key(3L), scratch.value("c", null, row("id", 3, "v", "c"), ts + 2));

            Debezium history =
                    new Debezium("shop.public.history_orders", "id")
                            .field("id", "int64")
                            .field("status", "string");
            String ht = "shop.public.history_orders";
            services.send(
                    ht,
                    history.key(1L),
                    history.value("c", null, row("id", 1, "status", "new"), ts));
            services.send(
                    ht,
                    history.key(1L),
                    history.value(
                            "u",
                            row("id", 1, "status", "new"),
                            row("id", 1, "status", "paid"),
                            ts + 1));
            services.send(
                    ht,
                    history.key(1L),
                    history.value("d", row("id", 1, "status", "paid"), null, ts + 2));
            services.flush();

            await("customers mirrored")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    services.rows(
                                                            db,
                                                            "SELECT id, name, tier FROM public.customers ORDER BY id"))
                                            .containsExactly(
                                                    Arrays.asList("1", "Ann again", null),
                                                    List.of("4", "Dee", "gold"),
                                                    Arrays.asList("30", "Cid", null)));
            assertThat(
                            services.rows(
                                    db,
                                    "SELECT balance, birthday, updated_at, seen_at AT TIME ZONE 'UTC', profile->>'vip', uid, active"
                                            + " FROM public.customers WHERE id = 1"))
                    .containsExactly(
                            List.of(
                                    "123.45",
                                    "2022-01-08",
                                    "2023-11-14 22:13:20.123456",
                                    "2024-03-01 08:15:30.5",
                                    "true",
                                    "0b5c4c4e-6f5a-4f7e-9a57-3c1f5d1e2a10",
                                    "t"));
            assertThat(services.rows(db, "SELECT balance FROM public.customers WHERE id = 30"))
                    .containsExactly(List.of("0.00"));
            assertThat(
                            services.rows(
                                    db,
                                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                                            + " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'public.customers'::regclass AND i.indisprimary"))
                    .containsExactly(List.of("id"));

            await("order lines mirrored")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    services.rows(
                                                            db,
                                                            "SELECT order_id, line_no, sku, qty, price FROM public.order_lines"))
                                            .containsExactly(
                                                    List.of("1", "2", "B-2", "7", "5.00")));
            await("truncate applied")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    services.rows(
                                                            db, "SELECT id, v FROM public.scratch"))
                                            .containsExactly(List.of("3", "c")));
            await("history appended")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    services.rows(
                                                            db,
                                                            "SELECT id, status, _tributary_op, _tributary_offset FROM public.orders_history"
                                                                    + " ORDER BY _tributary_offset"))
                                            .containsExactly(
                                                    List.of("1", "new", "c", "0"),
                                                    List.of("1", "paid", "u", "1"),
                                                    List.of("1", "paid", "d", "2")));
            assertThat(services.rows(db, "SELECT error_kind, message FROM _tributary_errors"))
                    .isEmpty();
        } finally {
            pipeline.cancel();
        }
    }
}

package dev.tributary.app.it;

import static dev.tributary.app.it.Debezium.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.runtime.compose.RunningPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad records of many kinds, mixed with good ones: every good event arrives, every bad one is in
 * the error table with its kind, a reason and where it came from, and the pipeline keeps going.
 */
class BadInputIT extends WithServices {

    @Test
    void everyGoodEventArrivesAndEveryBadOneIsInTheErrorTable() throws Exception {
        String db = services.newDatabase("bad");
        // A target that exists with narrower or stricter columns than the events.
        services.execute(
                db,
                "CREATE TABLE public.accounts (id bigint PRIMARY KEY, code varchar(5),"
                        + " score integer, note text NOT NULL DEFAULT '')");
        String tables =
                String.join(
                        "\n",
                        "  - match: 'in\\.public\\.(items|accounts|keyless)'",
                        "    target: 'public.$1'",
                        "  - match: 'in\\.public\\.(typed)'",
                        "    target: 'public.$1'",
                        "    key: [id]",
                        "    columns:",
                        "      - { name: id, type: int64 }",
                        "      - { name: qty, type: int32 }");
        for (String t : List.of("items", "accounts", "typed", "keyless", "unrouted")) {
            services.kafka.createTopic("in.public." + t, 1);
        }
        RunningPipeline pipeline =
                Pipelines.start(
                        Pipelines.kafkaToJdbc(
                                "bad",
                                dir.resolve("state"),
                                services,
                                db,
                                "in\\.public\\..*",
                                tables),
                        dir);
        try {
            Debezium items =
                    new Debezium("in.public.items", "id")
                            .field("id", "int64")
                            .field("name", "string")
                            .field(
                                    "price",
                                    "bytes",
                                    "org.apache.kafka.connect.data.Decimal",
                                    Map.of("scale", "2", "connect.decimal.precision", "8"));
            Debezium accounts =
                    new Debezium("in.public.accounts", "id")
                            .field("id", "int64")
                            .field("code", "string");
            Debezium wideAccounts =
                    new Debezium("in.public.accounts", "id")
                            .field("id", "int64")
                            .field("score", "int64");
            Debezium typed =
                    new Debezium("in.public.typed", "id")
                            .field("id", "int64")
                            .field("qty", "int32")
                            .withoutEnvelope();
            Debezium keyless =
                    new Debezium("in.public.keyless", "id")
                            .field("id", "int64")
                            .field("v", "string");
            String it = "in.public.items";
            long ts = 1_700_000_000_000L;
            List<String> expectedKinds = new ArrayList<>();

            // good, then each kind of bad input, interleaved with more good events
            services.send(
                    it,
                    items.key(1L),
                    items.value("c", null, row("id", 1, "name", "one", "price", "AQ=="), ts));
            services.send(it, items.key(2L), "{not json");
            expectedKinds.add("PARSE");
            services.send(it, items.key(3L), "[1, 2, 3]");
            expectedKinds.add("PARSE");
            services.send(
                    it, items.key(4L), "{\"payload\": {\"before\": null, \"after\": {\"id\": 4}}}");
            expectedKinds.add("PARSE"); // no op
            services.send(
                    it,
                    items.key(5L),
                    items.value("x", null, row("id", 5, "name", "five", "price", "AQ=="), ts));
            expectedKinds.add("UNSUPPORTED"); // unknown op
            services.send(it, items.key(6L), items.value("c", null, null, ts));
            expectedKinds.add("PARSE"); // create without after
            services.send(
                    it,
                    items.key(7L),
                    items.value("c", null, row("id", "seven", "name", "x", "price", "AQ=="), ts));
            expectedKinds.add("CONVERSION"); // string in an int64 field
            services.send(
                    it,
                    items.key(8L),
                    items.value("c", null, row("id", 8, "name", "x", "price", "%%%"), ts));
            expectedKinds.add("CONVERSION"); // not base64
            services.send(
                    it,
                    items.key(9L),
                    items.value("c", null, row("id", 9, "name", "nine", "price", "Ag=="), ts));
            services.send(
                    "in.public.typed",
                    typed.key(1L),
                    typed.value("c", null, row("id", 1, "qty", "many"), ts));
            expectedKinds.add("CONVERSION"); // declared int32
            services.send(
                    "in.public.typed",
                    typed.key(2L),
                    typed.value("c", null, row("id", 2, "qty", 3), ts));
            services.send(
                    "in.public.unrouted",
                    items.key(1L),
                    items.value("c", null, row("id", 1, "name", "x", "price", "AQ=="), ts));
            expectedKinds.add("UNSUPPORTED"); // no table rule
            services.send(
                    "in.public.keyless",
                    null,
                    keyless.withoutEnvelope().value("c", null, row("id", 1, "v", "x"), ts));
            expectedKinds.add("SCHEMA_MISMATCH"); // untyped, and the table does not exist
            services.send(
                    "in.public.accounts",
                    accounts.key(1L),
                    accounts.value("c", null, row("id", 1, "code", "ok"), ts));
            services.send(
                    "in.public.accounts",
                    accounts.key(2L),
                    accounts.value("c", null, row("id", 2, "code", "much too long"), ts));
            expectedKinds.add("WRITE_FAILED"); // varchar(5)
            services.send(
                    "in.public.accounts",
                    wideAccounts.key(3L),
                    wideAccounts.value("c", null, row("id", 3, "score", 5), ts));
            expectedKinds.add("INCOMPATIBLE_SCHEMA_CHANGE"); // int64 into integer
            services.send(
                    "in.public.accounts", accounts.key(4L), accounts.value("d", null, null, ts));
            expectedKinds.add("PARSE"); // delete without before
            services.send(
                    it,
                    items.key(10L),
                    items.value("c", null, row("id", 10, "name", "ten", "price", "Aw=="), ts));
            services.flush();

            await("good rows arrive")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(
                            () -> {
                                assertThat(
                                                services.rows(
                                                        db,
                                                        "SELECT id, name, price FROM public.items ORDER BY id"))
                                        .containsExactly(
                                                List.of("1", "one", "0.01"),
                                                List.of("9", "nine", "0.02"),
                                                List.of("10", "ten", "0.03"));
                                assertThat(services.rows(db, "SELECT id, qty FROM public.typed"))
                                        .containsExactly(List.of("2", "3"));
                                assertThat(
                                                services.rows(
                                                        db, "SELECT id, code FROM public.accounts"))
                                        .containsExactly(List.of("1", "ok"));
                                assertThat(
                                                services.count(
                                                        db,
                                                        "SELECT count(*) FROM _tributary_errors"))
                                        .isEqualTo(expectedKinds.size());
                            });
            List<List<String>> errors =
                    services.rows(
                            db,
                            "SELECT error_kind, message, stream, \"offset\", raw_value IS NOT NULL, pipeline,"
                                    + " source FROM _tributary_errors");
            assertThat(errors)
                    .extracting(r -> r.get(0))
                    .containsExactlyInAnyOrderElementsOf(expectedKinds);
            assertThat(errors)
                    .allSatisfy(
                            r -> {
                                assertThat(r.get(1)).as("reason").isNotBlank();
                                assertThat(r.get(2)).as("stream").startsWith("in.public.");
                                assertThat(r.get(3)).as("offset").isNotNull();
                                assertThat(r.get(4)).as("raw value kept").isEqualTo("t");
                                assertThat(r.get(5)).isEqualTo("bad");
                                // Also the errors the sink found (WRITE_FAILED and the like).
                                assertThat(r.get(6)).as("source").isEqualTo("shop");
                            });
            assertThat(
                            services.rows(
                                    db,
                                    "SELECT message FROM _tributary_errors WHERE error_kind = 'WRITE_FAILED'"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get(0)).contains("22001"));
        } finally {
            pipeline.cancel();
        }
    }
}

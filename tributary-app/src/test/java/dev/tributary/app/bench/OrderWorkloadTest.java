package dev.tributary.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderWorkloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<OrderChange> all(OrderWorkload w) {
        List<OrderChange> out = new ArrayList<>();
        while (w.hasNext()) {
            out.add(w.next());
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameEventsAndBytes() {
        DebeziumJsonEncoder a = new DebeziumJsonEncoder(BenchCommand.ORDERS_TOPIC, false);
        DebeziumJsonEncoder b = new DebeziumJsonEncoder(BenchCommand.ORDERS_TOPIC, false);
        List<OrderChange> first = all(new OrderWorkload(7, 20_000, 4_000));
        List<OrderChange> second = all(new OrderWorkload(7, 20_000, 4_000));
        assertThat(second).isEqualTo(first);
        for (int i = 0; i < first.size(); i += 997) {
            assertThat(b.value(second.get(i))).isEqualTo(a.value(first.get(i)));
        }
        assertThat(all(new OrderWorkload(8, 20_000, 4_000))).isNotEqualTo(first);
    }

    @Test
    void insertsThenAboutThreeQuartersUpdatesAndFivePercentDeletes() {
        OrderWorkload w = new OrderWorkload(42, 100_000, 20_000);
        List<OrderChange> events = all(w);
        assertThat(events.subList(0, 20_000)).allMatch(e -> e.kind() == OrderChange.Kind.INSERT);
        assertThat(w.inserts() + w.updates() + w.deletes()).isEqualTo(100_000);
        assertThat(w.deletes() / 100_000.0).isCloseTo(0.05, within(0.005));
        assertThat(w.updates() / 100_000.0).isCloseTo(0.725, within(0.01));
        assertThat(w.inserts() / 100_000.0).isCloseTo(0.225, within(0.01));
        assertThat(w.finalRows()).hasSize((int) (w.inserts() - w.deletes()));
    }

    @Test
    void expectedStateEqualsReplayingTheEvents() {
        OrderWorkload w = new OrderWorkload(3, 50_000, 5_000);
        Map<Long, OrderRow> replayed = new HashMap<>();
        boolean sawReinsert = false;
        for (OrderChange e : all(w)) {
            switch (e.kind()) {
                case INSERT ->
                        sawReinsert |=
                                replayed.put(e.id(), e.row()) != null || e.sequence() >= 5_000;
                case UPDATE ->
                        assertThat(replayed.put(e.id(), e.row()))
                                .as("update of a live id")
                                .isNotNull();
                case DELETE ->
                        assertThat(replayed.remove(e.id())).as("delete of a live id").isNotNull();
            }
        }
        assertThat(sawReinsert).isTrue();
        assertThat(w.finalRows()).containsExactlyInAnyOrderElementsOf(replayed.values());
    }

    @Test
    void updateIsDebeziumJsonWithoutEnvelope() throws Exception {
        OrderWorkload w = new OrderWorkload(42, 1_000, 10);
        OrderChange update;
        do {
            update = w.next();
        } while (update.kind() != OrderChange.Kind.UPDATE);
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(BenchCommand.ORDERS_TOPIC, false);
        OrderRow row = update.row();

        JsonNode key = JSON.readTree(encoder.key(update.id()));
        assertThat(key.toString()).isEqualTo("{\"id\":" + update.id() + "}");
        JsonNode value = JSON.readTree(encoder.value(update));
        assertThat(value.fieldNames())
                .toIterable()
                .containsExactly("before", "after", "source", "op", "ts_ms", "transaction");
        assertThat(value.get("op").asText()).isEqualTo("u");
        assertThat(value.get("before").isNull()).isTrue();
        assertThat(value.get("source").get("table").asText()).isEqualTo("orders");
        assertThat(value.get("source").get("schema").asText()).isEqualTo("public");
        JsonNode after = value.get("after");
        assertThat(after.fieldNames())
                .toIterable()
                .containsExactly(
                        "id",
                        "customer_id",
                        "status",
                        "amount",
                        "quantity",
                        "priority",
                        "paid",
                        "note",
                        "created_at",
                        "updated_at");
        assertThat(after.get("id").asLong()).isEqualTo(row.id());
        assertThat(after.get("amount").decimalValue())
                .isEqualTo(BigDecimal.valueOf(row.amountCents(), 2));
        assertThat(after.get("paid").asBoolean()).isEqualTo(row.paid());
        assertThat(after.get("note").asText()).isEqualTo(row.note());
        assertThat(after.get("created_at").asLong()).isEqualTo(row.createdAtMicros());
        assertThat(Instant.parse(after.get("updated_at").asText()))
                .isEqualTo(Instant.EPOCH.plusNanos(row.updatedAtMicros() * 1000));
        assertThat(after.get("updated_at").asText())
                .isEqualTo(
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                Instant.EPOCH
                                        .plusNanos(row.updatedAtMicros() * 1000)
                                        .atOffset(ZoneOffset.UTC)));
    }

    @Test
    void deleteCarriesTheKeyInBeforeAndNoAfter() throws Exception {
        OrderChange delete = new OrderChange(OrderChange.Kind.DELETE, 17, null, 99);
        JsonNode value =
                JSON.readTree(
                        new DebeziumJsonEncoder(BenchCommand.ORDERS_TOPIC, false).value(delete));
        assertThat(value.get("op").asText()).isEqualTo("d");
        assertThat(value.get("after").isNull()).isTrue();
        assertThat(value.get("before").get("id").asLong()).isEqualTo(17);
        assertThat(value.get("before").get("amount").isNull()).isTrue();
    }

    @Test
    void envelopeCarriesTheConnectSchemaAndDecimalAsUnscaledBytes() throws Exception {
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(BenchCommand.ORDERS_TOPIC, true);
        for (long cents :
                new long[] {100, 127, 128, 255, 256, 32_767, 32_768, 10_000_099, -1, -129}) {
            OrderRow row =
                    new OrderRow(
                            5,
                            6,
                            "paid",
                            cents,
                            2,
                            (short) 3,
                            true,
                            "a \"quoted\" \\ note é 東京\t✓",
                            OrderWorkload.BASE_MICROS,
                            OrderWorkload.BASE_MICROS + 123_000);
            JsonNode record =
                    JSON.readTree(
                            encoder.value(new OrderChange(OrderChange.Kind.INSERT, 5, row, 0)));
            JsonNode after = record.get("payload").get("after");
            byte[] unscaled = Base64.getDecoder().decode(after.get("amount").asText());
            assertThat(unscaled).isEqualTo(BigInteger.valueOf(cents).toByteArray());
            assertThat(after.get("note").asText()).isEqualTo(row.note());
            assertThat(after.get("updated_at").asText()).isEqualTo("2024-01-01T00:00:00.123Z");
            assertThat(record.get("payload").get("op").asText()).isEqualTo("c");
        }
        JsonNode record = JSON.readTree(encoder.value(new OrderWorkload(1, 1, 1).next()));
        JsonNode afterSchema = record.get("schema").get("fields").get(1);
        assertThat(afterSchema.get("field").asText()).isEqualTo("after");
        JsonNode amount = afterSchema.get("fields").get(3);
        assertThat(amount.get("name").asText()).isEqualTo("org.apache.kafka.connect.data.Decimal");
        assertThat(amount.get("parameters").get("scale").asText()).isEqualTo("2");
        assertThat(amount.get("parameters").get("connect.decimal.precision").asText())
                .isEqualTo("12");
        assertThat(afterSchema.get("fields").get(8).get("name").asText())
                .isEqualTo("io.debezium.time.MicroTimestamp");
        assertThat(afterSchema.get("fields").get(9).get("name").asText())
                .isEqualTo("io.debezium.time.ZonedTimestamp");
        JsonNode key = JSON.readTree(encoder.key(5));
        assertThat(key.get("payload").toString()).isEqualTo("{\"id\":5}");
        assertThat(key.get("schema").get("name").asText()).isEqualTo("bench.public.orders.Key");
    }

    @Test
    void timestampsFormatLikeJavaTime() {
        ByteText text = new ByteText();
        for (long micros :
                new long[] {
                    0,
                    1,
                    999_999,
                    1_000,
                    951_782_400_123_456L,
                    -1,
                    4_102_444_800_000_000L,
                    OrderWorkload.timeOf(123_457)
                }) {
            Timestamps.isoUtc(text.clear(), micros);
            LocalDateTime t =
                    LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), 0, ZoneOffset.UTC)
                            .plusNanos(Math.floorMod(micros, 1_000_000) * 1000);
            assertThat(text.toString())
                    .isEqualTo(
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                    t.atOffset(ZoneOffset.UTC)));
        }
    }

    @Test
    void copyLineEscapesTextFormat() {
        OrderRow row =
                new OrderRow(1, 2, "new", 1205, 3, (short) 4, false, "tab\there \\ back", 0, 1);
        ByteText text = new ByteText();
        CopyBaseline.line(text, row);
        assertThat(new String(text.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "1\t2\tnew\t12.05\t3\t4\tf\ttab\\there \\\\ back\t1970-01-01 00:00:00\t1970-01-01 00:00:00.000001+00\n");
    }
}

package dev.tributary.kafka.format;

import static dev.tributary.kafka.format.Debezium.decimal;
import static dev.tributary.kafka.format.Debezium.envelope;
import static dev.tributary.kafka.format.Debezium.field;
import static dev.tributary.kafka.format.Debezium.keySchema;
import static dev.tributary.kafka.format.Debezium.logical;
import static dev.tributary.kafka.format.Debezium.payload;
import static dev.tributary.kafka.format.Debezium.row;
import static dev.tributary.kafka.format.Debezium.valueSchema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.KafkaRecord;
import java.util.List;

/**
 * A rough single-thread measure of the decode cost per event, for a 12-column PostgreSQL update
 * with the schema envelope on key and value. Not a test: run its main method from the IDE or with
 * the test classpath. Prints nanoseconds per event; a JMH benchmark belongs in the bench module.
 */
public final class DecodeCost {
    private DecodeCost() {}

    public static void main(String[] args) {
        String topic = "shop.public.orders";
        List<ObjectNode> columns =
                List.of(
                        field("id", "int64", false),
                        field("customer_id", "int64", false),
                        logical("status", "string", "io.debezium.data.Enum", false),
                        decimal("amount", 12, 2, false),
                        field("quantity", "int32", false),
                        field("note", "string", true),
                        field("paid", "boolean", false),
                        logical("created_at", "int64", "io.debezium.time.MicroTimestamp", false),
                        logical("updated_at", "string", "io.debezium.time.ZonedTimestamp", true),
                        logical("ship_date", "int32", "io.debezium.time.Date", true),
                        logical("ref", "string", "io.debezium.data.Uuid", true),
                        field("weight", "float64", true));
        ObjectNode after =
                row(
                        "id",
                        123456L,
                        "customer_id",
                        987L,
                        "status",
                        "PAID",
                        "amount",
                        "B1vNFQ==",
                        "quantity",
                        3,
                        "note",
                        "leave at the door",
                        "paid",
                        true,
                        "created_at",
                        1_710_498_645_123_456L,
                        "updated_at",
                        "2024-03-15T10:30:45.123456Z",
                        "ship_date",
                        19797,
                        "ref",
                        "0e5b6c1a-3f1d-4a9e-8d2b-5c7e9f1a2b3c",
                        "weight",
                        1.25);
        String value = envelope(valueSchema(topic, columns), payload("u", after, after));
        String key =
                envelope(
                        keySchema(topic, List.of(field("id", "int64", false))), row("id", 123456L));
        KafkaRecord record = Debezium.record(topic, 0, 1, key, value);
        DebeziumJsonDecoder decoder = new DebeziumJsonDecoder(TableDeclarations.NONE, true);
        System.out.println("key " + key.length() + " bytes, value " + value.length() + " bytes");
        int rounds = 5;
        int perRound = 500_000;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                sink += decoder.decode(record).after().length;
            }
            long ns = System.nanoTime() - start;
            System.out.printf("round %d: %.2f µs per event%n", r, ns / 1000.0 / perRound);
        }
        System.out.println(sink);
    }
}

package dev.tributary.kafka.format;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A rough single-thread measure of the encode cost per event (key and value, schema envelope on),
 * for the 12-column update {@link DecodeCost} decodes. Not a test: run its main method with the
 * test classpath. Prints nanoseconds and bytes per event.
 */
public final class EncodeCost {
    private EncodeCost() {}

    public static void main(String[] args) {
        TableSchema schema =
                new TableSchema(
                        List.of(
                                new Column("id", DataType.of(TypeKind.INT64), false),
                                new Column("customer_id", DataType.of(TypeKind.INT64), false),
                                new Column("status", DataType.of(TypeKind.STRING), false),
                                new Column("amount", DataType.decimal(12, 2), false),
                                new Column("quantity", DataType.of(TypeKind.INT32), false),
                                new Column("note", DataType.of(TypeKind.STRING), true),
                                new Column("paid", DataType.of(TypeKind.BOOLEAN), false),
                                new Column(
                                        "created_at",
                                        DataType.temporal(TypeKind.TIMESTAMP, 6),
                                        false),
                                new Column("updated_at", DataType.of(TypeKind.TIMESTAMP_TZ), true),
                                new Column("ship_date", DataType.of(TypeKind.DATE), true),
                                new Column("ref", DataType.of(TypeKind.UUID), true),
                                new Column("weight", DataType.of(TypeKind.FLOAT64), true)),
                        List.of("id"));
        Object[] row = {
            123456L,
            987L,
            "PAID",
            new BigDecimal("1234567.89"),
            3,
            "leave at the door",
            true,
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000),
            OffsetDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000, ZoneOffset.UTC),
            LocalDate.of(2024, 3, 20),
            UUID.randomUUID(),
            1.25
        };
        ChangeEvent event =
                new ChangeEvent(
                        new TableId("shop", "public", "orders"),
                        Op.UPDATE,
                        row,
                        row,
                        schema,
                        new Position("shop.public.orders", 0, 1, 1L, 2L));
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(args.length == 0, "shop", "dev");
        String topic = "shop.public.orders";
        long bytes = 0;
        for (int round = 0; round < 5; round++) {
            int n = 500_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bytes += encoder.value(topic, event, i).length + encoder.key(topic, event).length;
            }
            long took = System.nanoTime() - start;
            System.out.printf("%d ns/event%n", took / n);
        }
        System.out.println(bytes / 2_500_000 + " bytes/event");
    }
}

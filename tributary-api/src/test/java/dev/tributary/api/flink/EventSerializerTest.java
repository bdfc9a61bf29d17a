package dev.tributary.api.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.event.WriteMode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EventSerializerTest {
    private static final TableSchema SCHEMA =
            new TableSchema(
                    List.of(
                            new Column("id", DataType.of(TypeKind.INT64), false),
                            new Column("flag", DataType.of(TypeKind.BOOLEAN), true),
                            new Column("small", DataType.of(TypeKind.INT16), true),
                            new Column("n", DataType.of(TypeKind.INT32), true),
                            new Column("f", DataType.of(TypeKind.FLOAT32), true),
                            new Column("d", DataType.of(TypeKind.FLOAT64), true),
                            new Column("amount", DataType.decimal(12, 2), true),
                            new Column("name", DataType.sized(TypeKind.STRING, 40), true),
                            new Column("blob", DataType.of(TypeKind.BYTES), true),
                            new Column("day", DataType.of(TypeKind.DATE), true),
                            new Column("at", DataType.temporal(TypeKind.TIME, 6), true),
                            new Column("ts", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                            new Column("tz", DataType.of(TypeKind.TIMESTAMP_TZ), true),
                            new Column("doc", DataType.of(TypeKind.JSON), true),
                            new Column("uid", DataType.of(TypeKind.UUID), true),
                            Column.untyped("loose")),
                    List.of("id"));

    @Test
    void everyLogicalTypeRoundTrips() throws Exception {
        Object[] row = {
            42L,
            true,
            (short) 7,
            9,
            1.5f,
            2.25,
            new BigDecimal("-12.34"),
            "naïve",
            new byte[] {1, 2},
            LocalDate.of(2024, 2, 29),
            LocalTime.of(23, 59, 59, 999_999_000),
            LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1000),
            OffsetDateTime.parse("2024-03-01T10:15:30.5+02:00"),
            "{\"a\":1}",
            UUID.randomUUID(),
            null
        };
        ChangeEvent e =
                new ChangeEvent(
                        TableId.parse("db.public.t"),
                        Op.UPDATE,
                        null,
                        row,
                        SCHEMA,
                        new Position("db.public.t", 3, 99, 1000, 2000));
        SinkRecord r = new SinkRecord(TableId.of("public", "t"), WriteMode.UPSERT, e);

        DataOutputSerializer out = new DataOutputSerializer(256);
        SinkRecordSerializer.INSTANCE.serialize(r, out);
        SinkRecord back =
                SinkRecordSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.target()).isEqualTo(r.target());
        assertThat(back.mode()).isEqualTo(WriteMode.UPSERT);
        assertThat(back.event().schema()).isEqualTo(SCHEMA);
        assertThat(back.event().op()).isEqualTo(Op.UPDATE);
        assertThat(back.event().before()).isNull();
        assertThat(back.event().after()).usingRecursiveComparison().isEqualTo(row);
        assertThat(back.event().position().toString()).isEqualTo("db.public.t-3@99");
    }

    @Test
    void largeDecimalsAndNonAsciiTextRoundTripToo() throws Exception {
        TableSchema schema =
                new TableSchema(
                        List.of(
                                Column.untyped("a"),
                                Column.untyped("b"),
                                Column.untyped("c"),
                                Column.untyped("d")),
                        List.of());
        Object[] row = {
            new BigDecimal("123456789012345678901234567890.12"),
            new BigDecimal("-0.000001"),
            "plain ascii",
            "zürich 東京 \u0000"
        };
        ChangeEvent e =
                new ChangeEvent(
                        TableId.parse("t"),
                        Op.INSERT,
                        null,
                        row,
                        schema,
                        new Position("t", 0, 1, -1, 2));
        DataOutputSerializer out = new DataOutputSerializer(64);
        ChangeEventSerializer.INSTANCE.serialize(e, out);
        ChangeEvent back =
                ChangeEventSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.after()).containsExactly(row);
        assertThat(((BigDecimal) back.after()[1]).scale()).isEqualTo(6);
    }

    @Test
    void errorsRoundTrip() throws Exception {
        ErrorRecord e =
                ErrorRecord.ofText("shop", null, "a.b.c", null, ErrorKind.PARSE, "bad", "k", "v");
        DataOutputSerializer out = new DataOutputSerializer(64);
        ErrorRecordSerializer.INSTANCE.serialize(e, out);
        ErrorRecord back =
                ErrorRecordSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.toRow("p")).usingRecursiveComparison().isEqualTo(e.toRow("p"));
    }
}

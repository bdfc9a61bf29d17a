package dev.tributary.kafka.format;

import static dev.tributary.kafka.format.Debezium.EVENT_TS;
import static dev.tributary.kafka.format.Debezium.JSON;
import static dev.tributary.kafka.format.Debezium.SOURCE_TS;
import static dev.tributary.kafka.format.Debezium.TOPIC;
import static dev.tributary.kafka.format.Debezium.decimal;
import static dev.tributary.kafka.format.Debezium.envelope;
import static dev.tributary.kafka.format.Debezium.field;
import static dev.tributary.kafka.format.Debezium.keySchema;
import static dev.tributary.kafka.format.Debezium.logical;
import static dev.tributary.kafka.format.Debezium.payload;
import static dev.tributary.kafka.format.Debezium.record;
import static dev.tributary.kafka.format.Debezium.row;
import static dev.tributary.kafka.format.Debezium.valueSchema;
import static dev.tributary.kafka.format.Debezium.variableScaleDecimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.KafkaRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DebeziumJsonDecoderTest {

    private static final List<ObjectNode> ORDER_COLUMNS =
            List.of(
                    field("id", "int32", false),
                    field("customer_id", "int64", true),
                    decimal("amount", 10, 2, true),
                    logical("status", "string", "io.debezium.data.Enum", true),
                    logical("created_at", "int64", "io.debezium.time.MicroTimestamp", true));
    private static final ObjectNode ORDER_SCHEMA = valueSchema(TOPIC, ORDER_COLUMNS);
    private static final String ORDER_KEY =
            envelope(keySchema(TOPIC, List.of(field("id", "int32", false))), row("id", 7));

    private final DebeziumJsonDecoder decoder =
            new DebeziumJsonDecoder(TableDeclarations.NONE, true);

    private static ObjectNode order(int id, String amountBase64, String status) {
        return row(
                "id",
                id,
                "customer_id",
                1001L,
                "amount",
                amountBase64,
                "status",
                status,
                "created_at",
                1_710_498_645_123_456L);
    }

    private static String orderValue(String op, ObjectNode before, ObjectNode after) {
        return envelope(ORDER_SCHEMA, payload(op, before, after));
    }

    private static DataException failure(RecordDecoder decoder, KafkaRecord record) {
        try {
            decoder.decode(record);
        } catch (DataException e) {
            return e;
        }
        throw new AssertionError("expected a DataException for " + record);
    }

    // --- ops ---------------------------------------------------------------------------------

    @Test
    void insertWithEnvelopeCarriesTypedAfterRowAndTheKeyFromTheKeySchema() {
        ChangeEvent e =
                decoder.decode(record(ORDER_KEY, orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.op()).isEqualTo(Op.INSERT);
        assertThat(e.table()).isEqualTo(new TableId("shop", "public", "orders"));
        assertThat(e.before()).isNull();
        assertThat(e.after())
                .containsExactly(
                        7,
                        1001L,
                        new BigDecimal("123.45"),
                        "NEW",
                        LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000));
        assertThat(e.schema().columns())
                .containsExactly(
                        new Column("id", DataType.of(TypeKind.INT32), false),
                        new Column("customer_id", DataType.of(TypeKind.INT64), true),
                        new Column("amount", DataType.decimal(10, 2), true),
                        new Column("status", DataType.of(TypeKind.STRING), true),
                        new Column("created_at", DataType.temporal(TypeKind.TIMESTAMP, 6), true));
        assertThat(e.schema().primaryKey()).containsExactly("id");
        assertThat(e.position().stream()).isEqualTo(TOPIC);
        assertThat(e.position().partition()).isZero();
        assertThat(e.position().offset()).isEqualTo(42);
        assertThat(e.position().sourceTimestamp()).isEqualTo(SOURCE_TS);
        assertThat(e.position().readTimestamp())
                .isCloseTo(
                        System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
    }

    @Test
    void updateCarriesBeforeAndAfter() {
        ChangeEvent e =
                decoder.decode(
                        record(
                                ORDER_KEY,
                                orderValue(
                                        "u",
                                        order(7, "MDk=", "NEW"),
                                        order(7, "z8c=", "REFUNDED"))));

        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.before()[3]).isEqualTo("NEW");
        assertThat(e.after()[2]).isEqualTo(new BigDecimal("-123.45"));
        assertThat(e.after()[3]).isEqualTo("REFUNDED");
    }

    @Test
    void updateWithoutBeforeHasOnlyAfter() {
        ChangeEvent e =
                decoder.decode(record(ORDER_KEY, orderValue("u", null, order(7, "MDk=", "PAID"))));

        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.before()).isNull();
        assertThat(e.after()[3]).isEqualTo("PAID");
    }

    @Test
    void deleteCarriesBeforeOnly() {
        ObjectNode keyOnly =
                row(
                        "id",
                        7,
                        "customer_id",
                        null,
                        "amount",
                        null,
                        "status",
                        null,
                        "created_at",
                        null);
        ChangeEvent e = decoder.decode(record(ORDER_KEY, orderValue("d", keyOnly, null)));

        assertThat(e.op()).isEqualTo(Op.DELETE);
        assertThat(e.after()).isNull();
        assertThat(e.before()).containsExactly(7, null, null, null, null);
        assertThat(e.keyRow()).isSameAs(e.before());
    }

    @Test
    void snapshotReadBecomesSnapshot() {
        ChangeEvent e =
                decoder.decode(record(ORDER_KEY, orderValue("r", null, order(7, "AQ==", "NEW"))));

        assertThat(e.op()).isEqualTo(Op.SNAPSHOT);
        assertThat(e.after()[2]).isEqualTo(new BigDecimal("0.01"));
    }

    @Test
    void truncateIsAppliedAsTruncateWithoutRows() {
        ObjectNode payload = JSON.createObjectNode();
        payload.set("source", Debezium.source("orders"));
        payload.put("op", "t");
        payload.put("ts_ms", EVENT_TS);
        ChangeEvent e = decoder.decode(record(null, envelope(ORDER_SCHEMA, payload)));

        assertThat(e.op()).isEqualTo(Op.TRUNCATE);
        assertThat(e.before()).isNull();
        assertThat(e.after()).isNull();
        assertThat(e.schema().columnNames())
                .containsExactly("id", "customer_id", "amount", "status", "created_at");
    }

    @Test
    void truncateIsDroppedWithTruncateSkip() {
        DebeziumJsonDecoder skipping = new DebeziumJsonDecoder(TableDeclarations.NONE, false);
        String value = orderValue("t", null, null);

        assertThat(skipping.decode(record(null, value))).isNull();
        assertThat(decoder.decode(record(null, value)).op()).isEqualTo(Op.TRUNCATE);
    }

    @Test
    void tombstoneIsSkipped() {
        assertThat(decoder.decode(record(ORDER_KEY, null))).isNull();
    }

    @Test
    void nullPayloadInTheEnvelopeIsSkippedAsATombstone() {
        assertThat(decoder.decode(record(ORDER_KEY, "{\"schema\":null,\"payload\":null}")))
                .isNull();
    }

    // --- keys --------------------------------------------------------------------------------

    @Test
    void compositeKeyFollowsKeyOrderNotColumnOrder() {
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        field("region", "string", false),
                        field("qty", "int16", true));
        String key =
                envelope(
                        keySchema(
                                TOPIC,
                                List.of(
                                        field("region", "string", false),
                                        field("id", "int32", false))),
                        row("region", "eu", "id", 1));
        String value =
                envelope(
                        valueSchema(TOPIC, columns),
                        payload("c", null, row("id", 1, "region", "eu", "qty", 3)));

        ChangeEvent e = decoder.decode(record(key, value));

        assertThat(e.schema().primaryKey()).containsExactly("region", "id");
        assertThat(e.schema().keyIndexes()).containsExactly(1, 0);
        assertThat(e.after()).containsExactly(1, "eu", (short) 3);
    }

    @Test
    void keyWithoutEnvelopeNamesTheKeyColumns() {
        ChangeEvent e =
                decoder.decode(
                        record("{\"id\":7}", orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.schema().primaryKey()).containsExactly("id");
    }

    @Test
    void keyWithNullSchemaTakesTheNamesFromItsPayload() {
        ChangeEvent e =
                decoder.decode(
                        record(
                                "{\"schema\":null,\"payload\":{\"id\":7}}",
                                orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.schema().primaryKey()).containsExactly("id");
    }

    @Test
    void withoutKeyTheDeclaredKeyIsUsed() {
        TableSchema declared =
                new TableSchema(
                        List.of(new Column("id", DataType.of(TypeKind.INT32), false)),
                        List.of("id"));
        DebeziumJsonDecoder withDeclarations = new DebeziumJsonDecoder(declaring(declared), true);

        ChangeEvent e =
                withDeclarations.decode(
                        record(null, orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.schema().primaryKey()).containsExactly("id");
        assertThat(e.schema().size()).isEqualTo(5); // the envelope's columns, not the declared ones
    }

    @Test
    void withoutKeyAndDeclarationTheKeyIsEmpty() {
        ChangeEvent e =
                decoder.decode(record(null, orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.schema().hasKey()).isFalse();
    }

    // --- types -------------------------------------------------------------------------------

    @Test
    void everyConnectAndDebeziumTypeMapsToItsLogicalTypeAndJavaClass() {
        ObjectNode zonedTime = logical("t_zoned", "string", "io.debezium.time.ZonedTime", true);
        ObjectNode array = field("tags", "array", true);
        array.remove("field");
        array.set("items", field("x", "string", true).without("field"));
        array.put("field", "tags");
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        field("tiny", "int8", true),
                        field("small", "int16", true),
                        field("big", "int64", true),
                        field("ratio", "float32", true),
                        field("price", "float64", true),
                        field("paid", "boolean", true),
                        field("note", "string", true),
                        field("blob", "bytes", true),
                        decimal("amount", 10, 2, true),
                        variableScaleDecimal("n"),
                        logical("d_debezium", "int32", "io.debezium.time.Date", true),
                        logical("d_connect", "int32", "org.apache.kafka.connect.data.Date", true),
                        logical("t_ms", "int32", "io.debezium.time.Time", true),
                        logical("t_connect", "int32", "org.apache.kafka.connect.data.Time", true),
                        logical("t_us", "int64", "io.debezium.time.MicroTime", true),
                        logical("t_ns", "int64", "io.debezium.time.NanoTime", true),
                        zonedTime,
                        logical("ts_ms", "int64", "io.debezium.time.Timestamp", true),
                        logical(
                                "ts_connect",
                                "int64",
                                "org.apache.kafka.connect.data.Timestamp",
                                true),
                        logical("ts_us", "int64", "io.debezium.time.MicroTimestamp", true),
                        logical("ts_ns", "int64", "io.debezium.time.NanoTimestamp", true),
                        logical("ts_tz", "string", "io.debezium.time.ZonedTimestamp", true),
                        logical("uid", "string", "io.debezium.data.Uuid", true),
                        logical("doc", "string", "io.debezium.data.Json", true),
                        logical("mood", "string", "io.debezium.data.Enum", true),
                        logical("xml", "string", "io.debezium.data.Xml", true),
                        array);
        ObjectNode after =
                row(
                        "id",
                        1,
                        "tiny",
                        7,
                        "small",
                        -32768,
                        "big",
                        9_007_199_254_740_993L,
                        "ratio",
                        1.5,
                        "price",
                        19.99,
                        "paid",
                        true,
                        "note",
                        "héllo \"quoted\"",
                        "blob",
                        "AAEC/w==",
                        "amount",
                        "B1vNFQ==",
                        "n",
                        row("scale", 3, "value", "BMsv"),
                        "d_debezium",
                        19797,
                        "d_connect",
                        -1,
                        "t_ms",
                        37_845_123,
                        "t_connect",
                        0,
                        "t_us",
                        37_845_123_456L,
                        "t_ns",
                        37_845_123_456_789L,
                        "t_zoned",
                        "10:30:45.123456+02:00",
                        "ts_ms",
                        1_710_498_645_123L,
                        "ts_connect",
                        -1L,
                        "ts_us",
                        1_710_498_645_123_456L,
                        "ts_ns",
                        1_710_498_645_123_456_789L,
                        "ts_tz",
                        "2024-03-15T10:30:45.123456+02:00",
                        "uid",
                        "0e5b6c1a-3f1d-4a9e-8d2b-5c7e9f1a2b3c",
                        "doc",
                        "{\"a\": [1, 2.50]}",
                        "mood",
                        "happy",
                        "xml",
                        "<a>1</a>",
                        "tags",
                        List.of("x", "y"));
        ChangeEvent e =
                decoder.decode(
                        record(
                                null,
                                envelope(valueSchema(TOPIC, columns), payload("c", null, after))));

        Object[] expected = {
            1,
            (short) 7,
            (short) -32768,
            9_007_199_254_740_993L,
            1.5f,
            19.99d,
            true,
            "héllo \"quoted\"",
            new byte[] {0, 1, 2, (byte) 0xff},
            new BigDecimal("1234567.89"),
            new BigDecimal("314.159"),
            LocalDate.of(2024, 3, 15),
            LocalDate.of(1969, 12, 31),
            LocalTime.of(10, 30, 45, 123_000_000),
            LocalTime.MIDNIGHT,
            LocalTime.of(10, 30, 45, 123_456_000),
            LocalTime.of(10, 30, 45, 123_456_789),
            LocalTime.of(10, 30, 45, 123_456_000),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_000_000),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_789),
            OffsetDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000, ZoneOffset.ofHours(2)),
            UUID.fromString("0e5b6c1a-3f1d-4a9e-8d2b-5c7e9f1a2b3c"),
            "{\"a\": [1, 2.50]}",
            "happy",
            "<a>1</a>",
            "[\"x\",\"y\"]"
        };
        DataType[] types = {
            DataType.of(TypeKind.INT32),
            DataType.of(TypeKind.INT16),
            DataType.of(TypeKind.INT16),
            DataType.of(TypeKind.INT64),
            DataType.of(TypeKind.FLOAT32),
            DataType.of(TypeKind.FLOAT64),
            DataType.of(TypeKind.BOOLEAN),
            DataType.of(TypeKind.STRING),
            DataType.of(TypeKind.BYTES),
            DataType.decimal(10, 2),
            DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED),
            DataType.of(TypeKind.DATE),
            DataType.of(TypeKind.DATE),
            DataType.temporal(TypeKind.TIME, 3),
            DataType.temporal(TypeKind.TIME, 3),
            DataType.temporal(TypeKind.TIME, 6),
            DataType.temporal(TypeKind.TIME, 9),
            DataType.of(TypeKind.TIME),
            DataType.temporal(TypeKind.TIMESTAMP, 3),
            DataType.temporal(TypeKind.TIMESTAMP, 3),
            DataType.temporal(TypeKind.TIMESTAMP, 6),
            DataType.temporal(TypeKind.TIMESTAMP, 9),
            DataType.of(TypeKind.TIMESTAMP_TZ),
            DataType.of(TypeKind.UUID),
            DataType.of(TypeKind.JSON),
            DataType.of(TypeKind.STRING),
            DataType.of(TypeKind.STRING),
            DataType.of(TypeKind.JSON)
        };
        assertThat(e.after()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            Column column = e.schema().column(i);
            assertThat(column.type()).as(column.name()).isEqualTo(types[i]);
            assertThat(e.after()[i]).as(column.name()).isEqualTo(expected[i]);
            assertThat(e.after()[i])
                    .as(column.name())
                    .isInstanceOf(column.type().kind().javaClass());
        }
    }

    @Test
    void negativeAndNumericDecimalsKeepTheirScale() {
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        decimal("a", 10, 2, true),
                        decimal("b", 5, 0, true));
        ObjectNode schema = valueSchema(TOPIC, columns);

        assertThat(
                        decoder.decode(
                                        record(
                                                null,
                                                envelope(
                                                        schema,
                                                        payload(
                                                                "c",
                                                                null,
                                                                row(
                                                                        "id", 1, "a", "z8c=", "b",
                                                                        "+w==")))))
                                .after())
                .containsExactly(1, new BigDecimal("-123.45"), new BigDecimal("-5"));
        assertThat(
                        decoder.decode(
                                        record(
                                                null,
                                                envelope(
                                                        schema,
                                                        payload(
                                                                "c",
                                                                null,
                                                                row(
                                                                        "id", 2, "a", "/w==", "b",
                                                                        "AA==")))))
                                .after())
                .containsExactly(2, new BigDecimal("-0.01"), new BigDecimal("0"));
        // decimal.format=NUMERIC writes plain JSON numbers
        String numeric =
                "{\"schema\":"
                        + schema
                        + ",\"payload\":{\"before\":null,\"after\":{\"id\":3,\"a\":-123.4,\"b\":42},"
                        + "\"source\":"
                        + Debezium.source("orders")
                        + ",\"op\":\"c\",\"ts_ms\":1}}";
        assertThat(decoder.decode(record(null, numeric)).after())
                .containsExactly(3, new BigDecimal("-123.40"), new BigDecimal("42"));
    }

    @Test
    void variableScaleDecimalsUseTheScaleOfEachValue() {
        List<ObjectNode> columns = List.of(field("id", "int32", false), variableScaleDecimal("n"));
        ObjectNode schema = valueSchema(TOPIC, columns);

        assertThat(
                        decoder.decode(
                                        record(
                                                null,
                                                envelope(
                                                        schema,
                                                        payload(
                                                                "c",
                                                                null,
                                                                row(
                                                                        "id",
                                                                        1,
                                                                        "n",
                                                                        row(
                                                                                "scale", 0, "value",
                                                                                "MDk="))))))
                                .after()[1])
                .isEqualTo(new BigDecimal("12345"));
        assertThat(
                        decoder.decode(
                                        record(
                                                null,
                                                envelope(
                                                        schema,
                                                        payload(
                                                                "c",
                                                                null,
                                                                row(
                                                                        "id",
                                                                        2,
                                                                        "n",
                                                                        row(
                                                                                "scale", 5, "value",
                                                                                "z8c="))))))
                                .after()[1])
                .isEqualTo(new BigDecimal("-0.12345"));
        assertThat(
                        decoder.decode(
                                        record(
                                                null,
                                                envelope(
                                                        schema,
                                                        payload(
                                                                "c",
                                                                null,
                                                                row("id", 3, "n", null)))))
                                .after()[1])
                .isNull();
    }

    @Test
    void microAndNanoTimestampsBeforeTheEpochRoundDown() {
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        logical("us", "int64", "io.debezium.time.MicroTimestamp", true),
                        logical("ns", "int64", "io.debezium.time.NanoTimestamp", true));
        ChangeEvent e =
                decoder.decode(
                        record(
                                null,
                                envelope(
                                        valueSchema(TOPIC, columns),
                                        payload(
                                                "c",
                                                null,
                                                row("id", 1, "us", -1L, "ns", -1_500_000_001L)))));

        assertThat(e.after()[1]).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(e.after()[2]).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 58, 499_999_999));
    }

    @Test
    void zonedTimestampsKeepTheirOffset() {
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        logical("at", "string", "io.debezium.time.ZonedTimestamp", true));
        ObjectNode schema = valueSchema(TOPIC, columns);

        assertThat(
                        decoder.decode(
                                        record(
                                                null,
                                                envelope(
                                                        schema,
                                                        payload(
                                                                "c",
                                                                null,
                                                                row(
                                                                        "id",
                                                                        1,
                                                                        "at",
                                                                        "2024-03-15T08:30:45Z")))))
                                .after()[1])
                .isEqualTo(OffsetDateTime.of(2024, 3, 15, 8, 30, 45, 0, ZoneOffset.UTC));
        assertThat(
                        decoder.decode(
                                        record(
                                                null,
                                                envelope(
                                                        schema,
                                                        payload(
                                                                "c",
                                                                null,
                                                                row(
                                                                        "id",
                                                                        2,
                                                                        "at",
                                                                        "2024-03-15T10:30:45.5-05:30")))))
                                .after()[1])
                .isEqualTo(
                        OffsetDateTime.of(
                                2024,
                                3,
                                15,
                                10,
                                30,
                                45,
                                500_000_000,
                                ZoneOffset.ofHoursMinutes(-5, -30)));
    }

    @Test
    void floatsAcceptJacksonsQuotedNaNAndInfinity() {
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        field("f", "float64", true),
                        field("g", "float32", true));
        ChangeEvent e =
                decoder.decode(
                        record(
                                null,
                                envelope(
                                        valueSchema(TOPIC, columns),
                                        payload(
                                                "c",
                                                null,
                                                row("id", 1, "f", "NaN", "g", "-Infinity")))));

        assertThat(e.after()).containsExactly(1, Double.NaN, Float.NEGATIVE_INFINITY);
    }

    @Test
    void floatAndDoubleAsJsonConverterNamesThemAreFloat32AndFloat64() {
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        field("real", "float", true),
                        field("dbl", "double", true));
        ChangeEvent e =
                decoder.decode(
                        record(
                                null,
                                envelope(
                                        valueSchema(TOPIC, columns),
                                        payload(
                                                "c",
                                                null,
                                                row("id", 1, "real", 1.5, "dbl", 2.25)))));

        assertThat(e.schema().column(1).type()).isEqualTo(DataType.of(TypeKind.FLOAT32));
        assertThat(e.schema().column(2).type()).isEqualTo(DataType.of(TypeKind.FLOAT64));
        assertThat(e.after()).containsExactly(1, 1.5f, 2.25d);
    }

    // --- without the envelope ----------------------------------------------------------------

    @Test
    void aTimeThatIsAnObjectIsSkippedNotReadAsTheEventsFields() {
        // Its fields once passed for the event's own: this op 'x' made the record UNSUPPORTED.
        String value =
                "{\"before\":null,\"after\":{\"id\":7},\"op\":\"c\",\"ts_ms\":{\"op\":\"x\"},"
                        + "\"source\":{\"ts_ms\":"
                        + SOURCE_TS
                        + "}}";

        ChangeEvent e = decoder.decode(record("{\"id\":7}", value));

        assertThat(e.op()).isEqualTo(Op.INSERT);
        assertThat(e.position().sourceTimestamp()).isEqualTo(SOURCE_TS);
    }

    @Test
    void withoutEnvelopeOrDeclarationTheRowIsUntypedWithJsonValues() {
        String value =
                "{\"before\":null,\"after\":{\"id\":7,\"amount\":\"12.50\",\"rate\":0.125,\"paid\":false,"
                        + "\"big\":123456789012345678901234,\"tags\":[\"a\",1],\"meta\":{\"k\":1.50},\"note\":null},"
                        + "\"source\":{\"ts_ms\":"
                        + SOURCE_TS
                        + ",\"db\":\"shop\"},\"op\":\"c\",\"ts_ms\":"
                        + EVENT_TS
                        + "}";

        ChangeEvent e = decoder.decode(record("{\"id\":7}", value));

        assertThat(e.schema().typed()).isFalse();
        assertThat(e.schema().columns())
                .containsExactly(
                        Column.untyped("id"),
                        Column.untyped("amount"),
                        Column.untyped("rate"),
                        Column.untyped("paid"),
                        Column.untyped("big"),
                        Column.untyped("tags"),
                        Column.untyped("meta"),
                        Column.untyped("note"));
        assertThat(e.schema().primaryKey()).containsExactly("id");
        assertThat(e.after())
                .containsExactly(
                        7L,
                        "12.50",
                        new BigDecimal("0.125"),
                        false,
                        new BigDecimal("123456789012345678901234"),
                        "[\"a\",1]",
                        "{\"k\":1.50}",
                        null);
        assertThat(e.position().sourceTimestamp()).isEqualTo(SOURCE_TS);
    }

    @Test
    void withoutEnvelopeADeleteAlignsBeforeWithItsOwnFields() {
        String value =
                "{\"before\":{\"id\":7,\"status\":\"NEW\"},\"after\":null,\"op\":\"d\",\"ts_ms\":"
                        + EVENT_TS
                        + "}";

        ChangeEvent e = decoder.decode(record("{\"id\":7}", value));

        assertThat(e.op()).isEqualTo(Op.DELETE);
        assertThat(e.schema().columnNames()).containsExactly("id", "status");
        assertThat(e.before()).containsExactly(7L, "NEW");
        assertThat(e.position().sourceTimestamp())
                .as("payload ts_ms when source has none")
                .isEqualTo(EVENT_TS);
    }

    @Test
    void withoutEnvelopeTheDeclaredSchemaTypesTheValues() {
        TableSchema declared =
                new TableSchema(
                        List.of(
                                new Column("id", DataType.of(TypeKind.INT32), false),
                                new Column("amount", DataType.decimal(10, 2), true),
                                new Column(
                                        "created_at",
                                        DataType.temporal(TypeKind.TIMESTAMP, 6),
                                        true)),
                        List.of("id"));
        DebeziumJsonDecoder typed = new DebeziumJsonDecoder(declaring(declared), true);
        String value =
                "{\"before\":null,\"after\":{\"id\":7,\"amount\":\"MDk=\",\"created_at\":1710498645123456},\"op\":\"r\"}";

        ChangeEvent e = typed.decode(record(null, value));

        assertThat(e.op()).isEqualTo(Op.SNAPSHOT);
        assertThat(e.schema()).isSameAs(declared);
        assertThat(e.after())
                .containsExactly(
                        7,
                        new BigDecimal("123.45"),
                        LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000));
        assertThat(e.position().sourceTimestamp()).isEqualTo(-1);
    }

    @Test
    void prettyPrintedEnvelopeIsReadLikeCompactOne() throws Exception {
        String pretty =
                JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(
                                JSON.readTree(orderValue("c", null, order(7, "MDk=", "NEW"))));

        ChangeEvent e = decoder.decode(record(ORDER_KEY, pretty));

        assertThat(e.after()[2]).isEqualTo(new BigDecimal("123.45"));
    }

    // --- schema caching ----------------------------------------------------------------------

    @Test
    void eventsWithTheSameSchemaShareOneTableSchemaInstance() {
        ChangeEvent first =
                decoder.decode(record(ORDER_KEY, orderValue("c", null, order(7, "MDk=", "NEW"))));
        ChangeEvent second =
                decoder.decode(record(ORDER_KEY, orderValue("u", null, order(7, "AQ==", "PAID"))));
        ChangeEvent other =
                decoder.decode(
                        record(
                                "other.public.items",
                                0,
                                1,
                                null,
                                envelope(
                                        valueSchema(
                                                "other.public.items",
                                                List.of(field("sku", "string", false))),
                                        payload("c", null, row("sku", "x")))));
        ChangeEvent third =
                decoder.decode(record(ORDER_KEY, orderValue("d", order(7, "AQ==", "PAID"), null)));

        assertThat(second.schema()).isSameAs(first.schema());
        assertThat(third.schema()).isSameAs(first.schema());
        assertThat(other.schema()).isNotEqualTo(first.schema());
        assertThat(other.table()).isEqualTo(new TableId("other", "public", "items"));
    }

    @Test
    void aChangedSchemaGivesANewTableSchema() {
        ChangeEvent before =
                decoder.decode(record(ORDER_KEY, orderValue("c", null, order(7, "MDk=", "NEW"))));
        List<ObjectNode> widened = new java.util.ArrayList<>(ORDER_COLUMNS);
        widened.add(field("comment", "string", true));
        ObjectNode after = order(8, "MDk=", "NEW").put("comment", "gift");

        ChangeEvent e =
                decoder.decode(
                        record(
                                ORDER_KEY,
                                envelope(valueSchema(TOPIC, widened), payload("c", null, after))));
        ChangeEvent back =
                decoder.decode(record(ORDER_KEY, orderValue("c", null, order(9, "MDk=", "NEW"))));

        assertThat(e.schema().columnNames()).endsWith("comment");
        assertThat(e.after()[5]).isEqualTo("gift");
        assertThat(back.schema()).isSameAs(before.schema());
    }

    // --- bad input ---------------------------------------------------------------------------

    @Test
    void valueThatIsNotJsonIsAParseError() {
        DataException e = failure(decoder, record(ORDER_KEY, "hello"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage())
                .startsWith("value is not valid JSON: Unrecognized token 'hello'")
                .contains("line 1, column");
    }

    @Test
    void cutOffValueIsAParseError() {
        String whole = orderValue("c", null, order(7, "MDk=", "NEW"));
        decoder.decode(
                record(
                        ORDER_KEY,
                        whole)); // the schema is now known: the fast path reads the next one

        DataException e =
                failure(decoder, record(ORDER_KEY, whole.substring(0, whole.length() - 20)));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).startsWith("value is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void valueThatIsNotAnObjectIsAParseError() {
        DataException e = failure(decoder, record(null, "[1,2]"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).isEqualTo("value is not a JSON object");
    }

    @Test
    void envelopeWithoutPayloadIsAParseError() {
        DataException e = failure(decoder, record(null, "{\"schema\":" + ORDER_SCHEMA + "}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).isEqualTo("the envelope has no 'payload'");
    }

    @Test
    void schemaThatIsNotAnEnvelopeIsAParseError() {
        ObjectNode flat =
                Debezium.struct(
                        "shop.public.orders.Value",
                        null,
                        false,
                        List.of(field("id", "int32", false)));

        DataException e = failure(decoder, record(null, envelope(flat, row("id", 1))));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage())
                .isEqualTo(
                        "not a Debezium envelope schema: no 'before' or 'after' struct among its fields");
    }

    @Test
    void unknownConnectTypeIsAParseError() {
        ObjectNode schema =
                valueSchema(
                        TOPIC,
                        List.of(field("id", "int32", false), field("x", "decimal128", true)));

        DataException e =
                failure(
                        decoder,
                        record(null, envelope(schema, payload("c", null, row("id", 1, "x", 1)))));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage())
                .isEqualTo(
                        "not a Debezium envelope schema: field 'x' has type 'decimal128', which is not a Kafka Connect type");
    }

    @Test
    void createWithoutAfterIsAParseError() {
        DataException e = failure(decoder, record(ORDER_KEY, orderValue("c", null, null)));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).isEqualTo("op 'c' without 'after'");
    }

    @Test
    void deleteWithoutBeforeIsAParseError() {
        DataException e = failure(decoder, record(ORDER_KEY, orderValue("d", null, null)));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).isEqualTo("op 'd' without 'before'");
    }

    @Test
    void missingOpIsAParseError() {
        DataException e = failure(decoder, record(null, "{\"before\":null,\"after\":{\"id\":1}}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).isEqualTo("no 'op' field: not a Debezium change event");
    }

    @Test
    void unknownOpIsUnsupported() {
        DataException e =
                failure(decoder, record(ORDER_KEY, orderValue("m", null, order(7, "MDk=", "NEW"))));

        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
        assertThat(e.getMessage())
                .isEqualTo("op 'm' is not supported; known ops are c, u, d, r and t");
    }

    @Test
    void valueOfTheWrongJsonTypeIsAConversionErrorNamingTheField() {
        ObjectNode after = order(7, "MDk=", "NEW").put("id", "abc");

        DataException e = failure(decoder, record(ORDER_KEY, orderValue("c", null, after)));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(e.getMessage())
                .isEqualTo(
                        "field 'after.id': cannot convert 'abc' to INT32: expected a whole number");
    }

    @Test
    void integerOutOfRangeIsAConversionError() {
        List<ObjectNode> columns =
                List.of(field("id", "int32", false), field("small", "int16", true));

        DataException e =
                failure(
                        decoder,
                        record(
                                null,
                                envelope(
                                        valueSchema(TOPIC, columns),
                                        payload(
                                                "u",
                                                row("id", 1, "small", 1),
                                                row("id", 1, "small", 40000)))));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(e.getMessage())
                .isEqualTo("field 'after.small': cannot convert '40000' to INT16: out of range");
    }

    @Test
    void decimalThatIsNotBase64IsAConversionError() {
        DataException e =
                failure(decoder, record(ORDER_KEY, orderValue("c", null, order(7, "abc!", "NEW"))));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(e.getMessage())
                .isEqualTo(
                        "field 'after.amount': cannot convert 'abc!' to DECIMAL(10,2): not base64");
    }

    @Test
    void decimalWiderThanItsPrecisionIsAConversionError() {
        // 99999999999 (11 digits) at scale 2 does not fit DECIMAL(10,2)
        DataException e =
                failure(
                        decoder,
                        record(ORDER_KEY, orderValue("c", null, order(7, "F0h25/8=", "NEW"))));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(e.getMessage())
                .isEqualTo(
                        "field 'after.amount': cannot convert 'F0h25/8=' to DECIMAL(10,2): 999999999.99 has more than 10 digits");
    }

    @Test
    void badZonedTimestampAndUuidAreConversionErrors() {
        List<ObjectNode> columns =
                List.of(
                        field("id", "int32", false),
                        logical("at", "string", "io.debezium.time.ZonedTimestamp", true),
                        logical("uid", "string", "io.debezium.data.Uuid", true));
        ObjectNode schema = valueSchema(TOPIC, columns);

        DataException time =
                failure(
                        decoder,
                        record(
                                null,
                                envelope(
                                        schema,
                                        payload("c", null, row("id", 1, "at", "yesterday")))));
        DataException uuid =
                failure(
                        decoder,
                        record(
                                null,
                                envelope(
                                        schema,
                                        payload("c", null, row("id", 1, "uid", "not-a-uuid")))));

        assertThat(time.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(time.getMessage())
                .startsWith(
                        "field 'after.at': cannot convert 'yesterday' to TIMESTAMP_TZ: not an ISO-8601"
                                + " date and time with an offset such as 2026-11-24T10:15:30Z");
        assertThat(uuid.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(uuid.getMessage())
                .startsWith(
                        "field 'after.uid': cannot convert 'not-a-uuid' to UUID: Invalid UUID string");
    }

    @Test
    void nullInANonOptionalAfterFieldIsASchemaMismatch() {
        ObjectNode after = order(7, "MDk=", "NEW").putNull("id");

        DataException e = failure(decoder, record(ORDER_KEY, orderValue("c", null, after)));

        assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        assertThat(e.getMessage())
                .isEqualTo(
                        "field 'after.id' is missing or null, but the envelope schema says it is not optional");
    }

    @Test
    void fieldMissingFromTheEnvelopeSchemaIsASchemaMismatch() {
        ObjectNode after = order(7, "MDk=", "NEW").put("surprise", 1);

        DataException e = failure(decoder, record(ORDER_KEY, orderValue("c", null, after)));

        assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        assertThat(e.getMessage())
                .isEqualTo(
                        "field 'after.surprise' is not in the envelope schema's row "
                                + "[id, customer_id, amount, status, created_at]");
    }

    @Test
    void keyFieldThatIsNotAColumnIsASchemaMismatch() {
        String key =
                envelope(
                        keySchema(TOPIC, List.of(field("order_no", "int32", false))),
                        row("order_no", 7));

        DataException e =
                failure(decoder, record(key, orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        assertThat(e.getMessage())
                .isEqualTo(
                        "key field 'order_no' is not a field of the row [id, customer_id, amount, status, created_at]");
    }

    @Test
    void keyThatIsNotJsonIsAParseError() {
        DataException e =
                failure(decoder, record("order-7", orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).startsWith("key is not valid JSON: Unrecognized token 'order'");
    }

    /** Each bad key comes after a good one, so the decoder's shortcut for known keys is tried. */
    @Test
    void aBrokenKeyIsAParseErrorAfterGoodOnesToo() {
        String value = orderValue("c", null, order(7, "MDk=", "NEW"));
        String schema = keySchema(TOPIC, List.of(field("id", "int32", false))).toString();
        List<String> broken =
                List.of(
                        "{\"schema\":" + schema + ",\"payload\":{\"id\":}}",
                        "{\"schema\":" + schema + ",\"payload\":{\"id\":7}",
                        "{\"schema\":" + schema + ",\"payload\":{\"id\":7}} 8",
                        "{\"id\":7} 8",
                        "{\"id\":07}");
        for (String key : broken) {
            decoder.decode(record(ORDER_KEY, value));
            decoder.decode(record("{\"id\":7}", value));

            DataException e = failure(decoder, record(key, value));

            assertThat(e.kind()).as(key).isEqualTo(ErrorKind.PARSE);
            assertThat(e.getMessage()).as(key).startsWith("key");
        }
    }

    @Test
    void aKeySchemaThatIsNotAStructIsRefusedEveryTime() {
        String key = "{\"schema\":{\"type\":\"int32\",\"optional\":false},\"payload\":7}";
        String value = orderValue("c", null, order(7, "MDk=", "NEW"));

        for (int i = 0; i < 2; i++) {
            DataException e = failure(decoder, record(key, value));

            assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
            assertThat(e.getMessage()).isEqualTo("key: the key schema is not a struct but 'int32'");
        }
    }

    @Test
    void keyThatIsNotAnObjectIsAParseError() {
        DataException e =
                failure(decoder, record("7", orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).isEqualTo("key is not a JSON object");
    }

    @Test
    void contentAfterTheEnvelopeIsAParseErrorOnTheFastPathToo() {
        String good = orderValue("c", null, order(7, "MDk=", "NEW"));
        decoder.decode(record(ORDER_KEY, good));

        DataException e =
                failure(
                        decoder,
                        record(ORDER_KEY, good.substring(0, good.length() - 1) + ",\"extra\":1}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage())
                .isEqualTo(
                        "unexpected field 'extra' in the envelope; a Debezium envelope has 'schema' and 'payload'");
    }

    @Test
    void declaredSchemaConversionFailureNamesFieldValueAndType() {
        TableSchema declared =
                new TableSchema(
                        List.of(
                                new Column("id", DataType.of(TypeKind.INT32), false),
                                new Column("amount", DataType.decimal(10, 2), true)),
                        List.of("id"));
        DebeziumJsonDecoder typed = new DebeziumJsonDecoder(declaring(declared), true);

        DataException e =
                failure(
                        typed,
                        record(null, "{\"after\":{\"id\":1,\"amount\":\"1,5\"},\"op\":\"c\"}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(e.getMessage())
                .startsWith("field 'after.amount': cannot convert '1,5' to DECIMAL(10,2)");
    }

    @Test
    void fieldNotDeclaredIsASchemaMismatch() {
        TableSchema declared =
                new TableSchema(
                        List.of(new Column("id", DataType.of(TypeKind.INT32), false)),
                        List.of("id"));
        DebeziumJsonDecoder typed = new DebeziumJsonDecoder(declaring(declared), true);

        DataException e =
                failure(
                        typed,
                        record(null, "{\"after\":{\"id\":1,\"colour\":\"red\"},\"op\":\"c\"}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        assertThat(e.getMessage())
                .isEqualTo(
                        "field 'after.colour' is not a declared column of shop.public.orders; declared: id");
    }

    @Test
    void rowThatIsNotAnObjectIsAParseError() {
        DataException e =
                failure(decoder, record(null, "{\"before\":null,\"after\":[1],\"op\":\"c\"}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(e.getMessage()).isEqualTo("field 'after' is not an object");
    }

    @Test
    void aBadRecordDoesNotSpoilTheNextOne() {
        assertThatThrownBy(
                        () ->
                                decoder.decode(
                                        record(
                                                ORDER_KEY,
                                                orderValue("c", null, order(7, "abc!", "NEW")))))
                .isInstanceOf(DataException.class);

        ChangeEvent e =
                decoder.decode(record(ORDER_KEY, orderValue("c", null, order(7, "MDk=", "NEW"))));

        assertThat(e.after()[2]).isEqualTo(new BigDecimal("123.45"));
    }

    private static TableDeclarations declaring(TableSchema schema) {
        return table -> table.equals(TableId.parse(TOPIC)) ? schema : null;
    }
}

package dev.tributary.kafka.format;

import static dev.tributary.kafka.format.Debezium.JSON;
import static dev.tributary.kafka.format.Debezium.decimal;
import static dev.tributary.kafka.format.Debezium.field;
import static dev.tributary.kafka.format.Debezium.keySchema;
import static dev.tributary.kafka.format.Debezium.logical;
import static dev.tributary.kafka.format.Debezium.valueSchema;
import static dev.tributary.kafka.format.Debezium.variableScaleDecimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
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
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DebeziumJsonEncoderTest {
    private static final String TOPIC = "shop.public.all_types";
    private static final TableId TABLE = new TableId("shop", "public", "all_types");
    private static final long SOURCE_TS = 1_710_498_645_000L;
    private static final long READ_TS = 1_710_498_646_000L;
    private static final long NOW = 1_710_498_647_000L;
    private static final Position POSITION =
            new Position("shop.public.all_types", 0, 42, SOURCE_TS, READ_TS);

    /** Every logical type, with Debezium's field schema for it. */
    private static final TableSchema ALL_TYPES =
            new TableSchema(
                    List.of(
                            col("id", DataType.of(TypeKind.INT32), false),
                            col("small", DataType.of(TypeKind.INT16), true),
                            col("big", DataType.of(TypeKind.INT64), true),
                            col("real", DataType.of(TypeKind.FLOAT32), true),
                            col("dbl", DataType.of(TypeKind.FLOAT64), true),
                            col("flag", DataType.of(TypeKind.BOOLEAN), true),
                            col("name", DataType.sized(TypeKind.STRING, 40), true),
                            col("raw", DataType.of(TypeKind.BYTES), true),
                            col("amount", DataType.decimal(10, 2), true),
                            col(
                                    "any_number",
                                    DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED),
                                    true),
                            col("born", DataType.of(TypeKind.DATE), true),
                            col("at_time", DataType.temporal(TypeKind.TIME, 6), true),
                            col("fine_time", DataType.temporal(TypeKind.TIME, 9), true),
                            col("at_ms", DataType.temporal(TypeKind.TIMESTAMP, 3), true),
                            col("at_us", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                            col("at_plain", DataType.of(TypeKind.TIMESTAMP), true),
                            col("at_ns", DataType.temporal(TypeKind.TIMESTAMP, 9), true),
                            col("at_zone", DataType.of(TypeKind.TIMESTAMP_TZ), true),
                            col("ref", DataType.of(TypeKind.UUID), true),
                            col("doc", DataType.of(TypeKind.JSON), true)),
                    List.of("id"));

    private static final List<ObjectNode> ALL_TYPE_FIELDS =
            List.of(
                    field("id", "int32", false),
                    field("small", "int16", true),
                    field("big", "int64", true),
                    field("real", "float", true),
                    field("dbl", "double", true),
                    field("flag", "boolean", true),
                    field("name", "string", true),
                    field("raw", "bytes", true),
                    decimal("amount", 10, 2, true),
                    variableScaleDecimal("any_number"),
                    logical("born", "int32", "io.debezium.time.Date", true),
                    logical("at_time", "int64", "io.debezium.time.MicroTime", true),
                    logical("fine_time", "int64", "io.debezium.time.NanoTime", true),
                    logical("at_ms", "int64", "io.debezium.time.Timestamp", true),
                    logical("at_us", "int64", "io.debezium.time.MicroTimestamp", true),
                    logical("at_plain", "int64", "io.debezium.time.MicroTimestamp", true),
                    logical("at_ns", "int64", "io.debezium.time.NanoTimestamp", true),
                    logical("at_zone", "string", "io.debezium.time.ZonedTimestamp", true),
                    logical("ref", "string", "io.debezium.data.Uuid", true),
                    logical("doc", "string", "io.debezium.data.Json", true));

    private static final UUID REF = UUID.fromString("8f1e2a6c-3b4d-4e5f-9a0b-1c2d3e4f5a6b");

    private static Object[] allTypesRow() {
        return new Object[] {
            7,
            (short) -3,
            9_007_199_254_740_993L,
            1.5f,
            -2.25d,
            true,
            "Zoë \"quoted\"",
            new byte[] {0, 1, (byte) 0xFF},
            new BigDecimal("123.45"),
            new BigDecimal("-0.00125"),
            LocalDate.of(2024, 3, 15),
            LocalTime.of(10, 30, 45, 123_456_000),
            LocalTime.of(10, 30, 45, 123_456_789),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_000_000),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_789),
            OffsetDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000, ZoneOffset.ofHours(2)),
            REF,
            "{\"tags\": [1, 2]}"
        };
    }

    private final DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(true, "shop", "0.1.0");

    private static Column col(String name, DataType type, boolean nullable) {
        return new Column(name, type, nullable);
    }

    private static ChangeEvent event(Op op, TableSchema schema, Object[] before, Object[] after) {
        return new ChangeEvent(TABLE, op, before, after, schema, POSITION);
    }

    private static JsonNode json(byte[] bytes) throws Exception {
        return JSON.readTree(bytes);
    }

    @Test
    void valueSchemaIsDebeziumsEnvelopeWithTheFieldSchemaOfEachType() throws Exception {
        JsonNode value =
                json(encoder.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, allTypesRow()), NOW));

        assertThat(value.get("schema")).isEqualTo(valueSchema(TOPIC, ALL_TYPE_FIELDS));
        assertThat(value.fieldNames()).toIterable().containsExactly("schema", "payload");
    }

    @Test
    void valuesAreWrittenAsJsonConverterWritesThem() throws Exception {
        JsonNode after =
                json(encoder.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, allTypesRow()), NOW))
                        .get("payload")
                        .get("after");

        assertThat(after.get("id").isInt()).isTrue();
        assertThat(after.get("id").intValue()).isEqualTo(7);
        assertThat(after.get("small").intValue()).isEqualTo(-3);
        assertThat(after.get("big").longValue()).isEqualTo(9_007_199_254_740_993L);
        assertThat(after.get("real").doubleValue()).isEqualTo(1.5);
        assertThat(after.get("dbl").doubleValue()).isEqualTo(-2.25);
        assertThat(after.get("flag").booleanValue()).isTrue();
        assertThat(after.get("name").textValue()).isEqualTo("Zoë \"quoted\"");
        assertThat(after.get("raw").textValue()).isEqualTo("AAH/");
        // 12345 as two's complement bytes 0x30 0x39
        assertThat(after.get("amount").textValue()).isEqualTo("MDk=");
        assertThat(after.get("any_number").get("scale").intValue()).isEqualTo(5);
        assertThat(Base64.getDecoder().decode(after.get("any_number").get("value").textValue()))
                .containsExactly((byte) 0x83); // -125
        assertThat(after.get("born").intValue()).isEqualTo(19797);
        assertThat(after.get("at_time").longValue()).isEqualTo(37_845_123_456L);
        assertThat(after.get("fine_time").longValue()).isEqualTo(37_845_123_456_789L);
        assertThat(after.get("at_ms").longValue()).isEqualTo(1_710_498_645_123L);
        assertThat(after.get("at_us").longValue()).isEqualTo(1_710_498_645_123_456L);
        assertThat(after.get("at_plain").longValue()).isEqualTo(-1L);
        assertThat(after.get("at_ns").longValue()).isEqualTo(1_710_498_645_123_456_789L);
        assertThat(after.get("at_zone").textValue()).isEqualTo("2024-03-15T08:30:45.123456Z");
        assertThat(after.get("ref").textValue()).isEqualTo(REF.toString());
        assertThat(after.get("doc").textValue()).isEqualTo("{\"tags\": [1, 2]}");
    }

    @Test
    void nullsAreJsonNullsAndNotANumberIsQuoted() throws Exception {
        Object[] row = new Object[ALL_TYPES.size()];
        row[0] = 1;
        row[3] = Float.NaN;
        row[4] = Double.NEGATIVE_INFINITY;
        JsonNode after =
                json(encoder.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, row), NOW))
                        .get("payload")
                        .get("after");

        assertThat(after.size()).isEqualTo(ALL_TYPES.size());
        assertThat(after.get("real").textValue()).isEqualTo("NaN");
        assertThat(after.get("dbl").textValue()).isEqualTo("-Infinity");
        assertThat(after.get("amount").isNull()).isTrue();
        assertThat(after.get("doc").isNull()).isTrue();
    }

    @Test
    void payloadHasTheEnvelopeFieldsInDebeziumsOrder() throws Exception {
        JsonNode payload =
                json(encoder.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, allTypesRow()), NOW))
                        .get("payload");

        assertThat(payload.fieldNames())
                .toIterable()
                .containsExactly("before", "after", "source", "op", "ts_ms", "transaction");
        assertThat(payload.get("before").isNull()).isTrue();
        assertThat(payload.get("op").textValue()).isEqualTo("c");
        assertThat(payload.get("ts_ms").longValue()).isEqualTo(NOW);
        assertThat(payload.get("transaction").isNull()).isTrue();
    }

    @Test
    void sourceBlockSaysWhatTheEventKnowsAndNullElsewhere() throws Exception {
        ObjectNode expected = JSON.createObjectNode();
        expected.put("version", "0.1.0");
        expected.put("connector", "tributary");
        expected.put("name", "shop");
        expected.put("ts_ms", SOURCE_TS);
        expected.put("snapshot", "true");
        expected.put("db", "shop");
        expected.putNull("sequence");
        expected.put("schema", "public");
        expected.put("table", "all_types");
        expected.putNull("txId");
        expected.putNull("lsn");
        expected.putNull("xmin");

        JsonNode source =
                json(encoder.value(TOPIC, event(Op.SNAPSHOT, ALL_TYPES, null, allTypesRow()), NOW))
                        .get("payload")
                        .get("source");

        assertThat(source).isEqualTo(expected);
        assertThat(source.fieldNames())
                .toIterable()
                .containsExactly(
                        "version",
                        "connector",
                        "name",
                        "ts_ms",
                        "snapshot",
                        "db",
                        "sequence",
                        "schema",
                        "table",
                        "txId",
                        "lsn",
                        "xmin");
    }

    @Test
    void sourceTimeFallsBackToTheReadTimeAndMissingIdPartsAreEmpty() throws Exception {
        ChangeEvent e =
                new ChangeEvent(
                        TableId.parse("orders"),
                        Op.UPDATE,
                        allTypesRow(),
                        allTypesRow(),
                        ALL_TYPES,
                        new Position("orders", 0, 1, -1, READ_TS));

        JsonNode payload = json(encoder.value(TOPIC, e, NOW)).get("payload");

        assertThat(payload.get("op").textValue()).isEqualTo("u");
        assertThat(payload.get("before").get("id").intValue()).isEqualTo(7);
        assertThat(payload.get("source").get("ts_ms").longValue()).isEqualTo(READ_TS);
        assertThat(payload.get("source").get("snapshot").textValue()).isEqualTo("false");
        assertThat(payload.get("source").get("db").textValue()).isEmpty();
        assertThat(payload.get("source").get("schema").textValue()).isEmpty();
        assertThat(payload.get("source").get("table").textValue()).isEqualTo("orders");
    }

    @Test
    void keyIsThePrimaryKeyStructInKeyOrder() throws Exception {
        TableSchema schema =
                new TableSchema(
                        List.of(
                                col("id", DataType.of(TypeKind.INT64), false),
                                col("tenant", DataType.of(TypeKind.STRING), false),
                                col("note", DataType.of(TypeKind.STRING), true)),
                        List.of("tenant", "id"));
        ChangeEvent delete = event(Op.DELETE, schema, new Object[] {5L, "acme", "x"}, null);

        JsonNode key = json(encoder.key(TOPIC, delete));

        assertThat(key.get("schema"))
                .isEqualTo(
                        keySchema(
                                TOPIC,
                                List.of(
                                        field("tenant", "string", false),
                                        field("id", "int64", false))));
        assertThat(key.get("payload").toString()).isEqualTo("{\"tenant\":\"acme\",\"id\":5}");
    }

    @Test
    void tableWithoutKeyAndTruncateHaveNoKey() throws Exception {
        TableSchema keyless =
                new TableSchema(
                        List.of(col("line", DataType.of(TypeKind.STRING), true)), List.of());
        ChangeEvent truncate = event(Op.TRUNCATE, TableSchema.EMPTY, null, null);

        assertThat(encoder.key(TOPIC, event(Op.INSERT, keyless, null, new Object[] {"a"})))
                .isNull();
        assertThat(encoder.key(TOPIC, truncate)).isNull();
        JsonNode payload = json(encoder.value(TOPIC, truncate, NOW)).get("payload");
        assertThat(payload.get("op").textValue()).isEqualTo("t");
        assertThat(payload.get("before").isNull()).isTrue();
        assertThat(payload.get("after").isNull()).isTrue();
    }

    @Test
    void truncateWithoutColumnsIsDescribedWithTheTopicsLastRowSchema() throws Exception {
        DebeziumJsonEncoder fresh = new DebeziumJsonEncoder(true, "shop", "0.1.0");
        ChangeEvent truncate = event(Op.TRUNCATE, TableSchema.EMPTY, null, null);

        JsonNode unknown = json(fresh.value(TOPIC, truncate, NOW)).get("schema");
        fresh.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, allTypesRow()), NOW);
        JsonNode known = json(fresh.value(TOPIC, truncate, NOW)).get("schema");

        assertThat(unknown.get("fields").get(0).get("fields")).isEmpty();
        assertThat(known).isEqualTo(valueSchema(TOPIC, ALL_TYPE_FIELDS));
    }

    @Test
    void withoutSchemasOnlyThePayloadIsWritten() throws Exception {
        DebeziumJsonEncoder plain = new DebeziumJsonEncoder(false, "shop", "0.1.0");
        ChangeEvent e = event(Op.INSERT, ALL_TYPES, null, allTypesRow());

        JsonNode value = json(plain.value(TOPIC, e, NOW));
        String key = new String(plain.key(TOPIC, e), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(value.fieldNames())
                .toIterable()
                .containsExactly("before", "after", "source", "op", "ts_ms", "transaction");
        assertThat(value.get("after").get("amount").textValue()).isEqualTo("MDk=");
        assertThat(key).isEqualTo("{\"id\":7}");
    }

    @Test
    void untypedColumnsAreWrittenByTheirJavaClassOnlyWithoutSchemas() throws Exception {
        TableSchema untyped =
                new TableSchema(
                        List.of(
                                Column.untyped("id"),
                                Column.untyped("price"),
                                Column.untyped("tags")),
                        List.of("id"));
        ChangeEvent e =
                event(Op.INSERT, untyped, null, new Object[] {3L, new BigDecimal("9.99"), "[1]"});

        JsonNode after =
                json(new DebeziumJsonEncoder(false, "shop", "v").value(TOPIC, e, NOW)).get("after");
        assertThat(after.toString()).isEqualTo("{\"id\":3,\"price\":9.99,\"tags\":\"[1]\"}");

        assertThatThrownBy(() -> encoder.value(TOPIC, e, NOW))
                .isInstanceOfSatisfying(
                        DataException.class,
                        x -> assertThat(x.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH))
                .hasMessage(
                        "column 'id' has no type, so the schema envelope cannot describe it;"
                                + " declare the table's columns under tables:, or write without schemas");
    }

    @Test
    void valueThatDoesNotFitItsTypeIsAConversionErrorAndTheEncoderGoesOn() throws Exception {
        Object[] tooPrecise = allTypesRow();
        tooPrecise[8] = new BigDecimal("1.234");
        Object[] wrongClass = allTypesRow();
        wrongClass[2] = 5; // an Integer in an INT64 column
        Object[] tooWide = allTypesRow();
        tooWide[8] = new BigDecimal("123456789.5");

        assertThatThrownBy(
                        () ->
                                encoder.value(
                                        TOPIC, event(Op.INSERT, ALL_TYPES, null, tooPrecise), NOW))
                .isInstanceOfSatisfying(
                        DataException.class,
                        x -> assertThat(x.kind()).isEqualTo(ErrorKind.CONVERSION))
                .hasMessage(
                        "column 'amount' of shop.public.all_types: cannot write '1.234' as"
                                + " DECIMAL(10,2): more than 2 decimal places");
        assertThatThrownBy(
                        () ->
                                encoder.value(
                                        TOPIC, event(Op.INSERT, ALL_TYPES, null, wrongClass), NOW))
                .hasMessage(
                        "column 'big' of shop.public.all_types: cannot write '5' as INT64: found"
                                + " Integer, expected Long");
        assertThatThrownBy(
                        () -> encoder.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, tooWide), NOW))
                .hasMessageEndingWith(
                        "cannot write '123456789.5' as DECIMAL(10,2): more than 10 digits");

        JsonNode next =
                json(encoder.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, allTypesRow()), NOW));
        assertThat(next.get("payload").get("after").get("amount").textValue()).isEqualTo("MDk=");
    }

    @Test
    void theSameSchemaIsEncodedOnceAndAnotherSchemaGetsItsOwn() throws Exception {
        TableSchema narrow =
                new TableSchema(
                        List.of(col("id", DataType.of(TypeKind.INT32), false)), List.of("id"));
        JsonNode first =
                json(encoder.value(TOPIC, event(Op.INSERT, narrow, null, new Object[] {1}), NOW));
        JsonNode wide =
                json(encoder.value(TOPIC, event(Op.INSERT, ALL_TYPES, null, allTypesRow()), NOW));
        JsonNode again =
                json(encoder.value(TOPIC, event(Op.INSERT, narrow, null, new Object[] {2}), NOW));

        assertThat(first.get("schema")).isEqualTo(again.get("schema"));
        assertThat(wide.get("schema")).isNotEqualTo(first.get("schema"));
        assertThat(again.get("payload").get("after").get("id").intValue()).isEqualTo(2);
    }

    @Test
    void whatItWritesOurDecoderReadsBackAsTheSameEvent() {
        DebeziumJsonDecoder decoder = new DebeziumJsonDecoder(TableDeclarations.NONE, true);
        TableSchema decodable = decodableAllTypes();
        Object[] before = allTypesRow();
        Object[] after = allTypesRow();
        after[6] = "changed";
        ChangeEvent update = event(Op.UPDATE, decodable, before, after);

        ChangeEvent back =
                decoder.decode(
                        new KafkaRecord(
                                TOPIC,
                                0,
                                1,
                                -1,
                                encoder.key(TOPIC, update),
                                encoder.value(TOPIC, update, NOW)));

        assertThat(back.table()).isEqualTo(TableId.parse(TOPIC));
        assertThat(back.op()).isEqualTo(Op.UPDATE);
        assertThat(back.schema()).isEqualTo(decodable);
        assertThat(back.before()).containsExactly(normalized(before));
        assertThat(back.after()).containsExactly(normalized(after));
        assertThat(back.position().sourceTimestamp()).isEqualTo(SOURCE_TS);
    }

    /** {@link #ALL_TYPES} with the types Debezium's schemas carry back (no string length). */
    private static TableSchema decodableAllTypes() {
        List<Column> columns = new java.util.ArrayList<>(ALL_TYPES.columns());
        columns.set(6, col("name", DataType.of(TypeKind.STRING), true));
        columns.set(15, col("at_plain", DataType.temporal(TypeKind.TIMESTAMP, 6), true));
        return new TableSchema(columns, List.of("id"));
    }

    /** The row as the decoder gives it back: zoned timestamps in UTC. */
    private static Object[] normalized(Object[] row) {
        Object[] copy = row.clone();
        copy[17] = ((OffsetDateTime) copy[17]).withOffsetSameInstant(ZoneOffset.UTC);
        return copy;
    }
}

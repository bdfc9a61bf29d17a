package dev.tributary.kafka.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.KafkaRecord;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader of records without envelope for declared columns: it must read what it
 * takes exactly as the parser path does, and leave everything else to the parser.
 */
class ChangeTextTest {
    private static final String TOPIC = "shop.public.items";

    private static final TableSchema DECLARED =
            new TableSchema(
                    List.of(
                            new Column("id", DataType.of(TypeKind.INT64), false),
                            new Column("n16", DataType.of(TypeKind.INT16), true),
                            new Column("n32", DataType.of(TypeKind.INT32), true),
                            new Column("amount", DataType.decimal(12, 2), true),
                            new Column("ratio", DataType.of(TypeKind.FLOAT64), true),
                            new Column("small", DataType.of(TypeKind.FLOAT32), true),
                            new Column("paid", DataType.of(TypeKind.BOOLEAN), true),
                            new Column("name", DataType.of(TypeKind.STRING), false),
                            new Column("day", DataType.of(TypeKind.DATE), true),
                            new Column("at", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                            new Column("atz", DataType.temporal(TypeKind.TIMESTAMP_TZ, 3), true),
                            new Column("uid", DataType.of(TypeKind.UUID), true),
                            new Column("doc", DataType.of(TypeKind.JSON), true),
                            new Column("größe", DataType.of(TypeKind.STRING), true),
                            Column.untyped("extra")),
                    List.of("id"));

    private static final TableDeclarations DECLARATIONS =
            table -> table.equals(TableId.parse(TOPIC)) ? DECLARED : null;

    private static final String SOURCE =
            "\"source\":{\"version\":\"2.5.4.Final\",\"connector\":\"postgresql\",\"name\":\"shop\","
                    + "\"ts_ms\":1710498645000,\"snapshot\":\"false\",\"db\":\"shop\","
                    + "\"sequence\":\"[\\\"24023928\\\",\\\"24023928\\\"]\",\"schema\":\"public\","
                    + "\"table\":\"items\",\"txId\":741,\"lsn\":24023928,\"xmin\":null}";

    private static final String[] SEEDS = {
        "{\"before\":null,\"after\":{\"id\":1,\"n16\":7,\"n32\":-40000,\"amount\":12.5,"
                + "\"ratio\":1.5e2,\"small\":0.25,\"paid\":true,\"name\":\"plain\",\"day\":19000,"
                + "\"at\":\"2024-01-02T03:04:05.123456\",\"atz\":1710498645123,"
                + "\"uid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"doc\":\"{\\\"a\\\":1}\","
                + "\"größe\":\"XL\",\"extra\":42},"
                + SOURCE
                + ",\"op\":\"c\",\"ts_ms\":1710498645500,\"transaction\":null}",
        "{\"before\":{\"id\":2,\"n16\":null,\"n32\":null,\"amount\":null,\"ratio\":null,"
                + "\"small\":null,\"paid\":null,\"name\":\"x\",\"day\":null,\"at\":null,\"atz\":null,"
                + "\"uid\":null,\"doc\":null,\"größe\":null,\"extra\":null},"
                + "\"after\":{\"id\":2,\"amount\":\"99.90\",\"paid\":false,"
                + "\"name\":\"a\\\"b\\\\c\\/\\u00e9\\n\\ud83d\\ude00 h\u00e9llo \u65e5\u672c \ud83d\ude00\","
                + "\"day\":\"2024-02-29\",\"extra\":\"loose\"},"
                + SOURCE
                + ",\"op\":\"u\",\"ts_ms\":1710498645501,"
                + "\"transaction\":{\"id\":\"741:24023928\",\"total_order\":1,"
                + "\"data_collection_order\":[1,2.5,-3e-2,true,null,{\"k\":\"v\"}]}}",
        "{ \"op\" : \"d\" , \"before\" : { \"id\" : 3 , \"name\" : \"gone\" } ,\n"
                + "\t\"after\" : null , \"ts_ms\" : 0 , \"ts_us\" : 1710498645500123 }",
        "{\"before\":null,\"after\":{\"id\":-0,\"name\":\"\",\"amount\":0,\"ratio\":-0.0,"
                + "\"extra\":1.10},\"source\":{},\"op\":\"r\",\"ts_ms\":1}",
        "{\"before\":null,\"after\":null," + SOURCE + ",\"op\":\"t\",\"ts_ms\":1710498645502}",
    };

    @Test
    void readsTheUsualRecordsWithoutAParser() {
        ChangeText text = ChangeText.of(DeclaredColumns.of(DECLARED));
        ChangeParts parts = new ChangeParts();
        for (String seed : SEEDS) {
            assertThat(text.read(bytes(seed), parts)).as(seed).isTrue();
        }

        assertThat(text.read(bytes(SEEDS[1]), parts)).isTrue();
        assertThat(parts.kind).isEqualTo(Op.UPDATE);
        assertThat(parts.sourceTs).isEqualTo(1_710_498_645_000L);
        assertThat(parts.ts).isEqualTo(1_710_498_645_501L);
        assertThat(parts.after[0]).isEqualTo(2L);
        assertThat(parts.after[3]).isEqualTo(new BigDecimal("99.90"));
        assertThat(parts.after[6]).isEqualTo(false);
        assertThat(parts.after[7]).isEqualTo("a\"b\\c/é\n\ud83d\ude00 héllo 日本 \ud83d\ude00");
        assertThat(parts.after[8]).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(parts.after[14]).isEqualTo("loose");
        assertThat(parts.before[7]).isEqualTo("x");

        // A long text with escapes, then the usual record again with the same reader.
        String longName = "é".repeat(100_000) + "\"";
        String value =
                "{\"op\":\"c\",\"after\":{\"id\":5,\"name\":\""
                        + longName.replace("\"", "\\\"")
                        + "\"}}";
        assertThat(text.read(bytes(value), parts)).isTrue();
        assertThat(parts.after[7]).isEqualTo(longName);
        assertThat(text.read(bytes(SEEDS[1]), parts)).isTrue();
        assertThat(parts.after[7]).isEqualTo("a\"b\\c/é\n\ud83d\ude00 héllo 日本 \ud83d\ude00");
    }

    @Test
    void leavesToTheParserWhatItDoesNotTake() {
        ChangeText text = ChangeText.of(DeclaredColumns.of(DECLARED));
        ChangeParts parts = new ChangeParts();
        String after = "\"after\":{\"id\":1,\"name\":\"n\"}";
        for (String value :
                List.of(
                        "{\"schema\":null,\"payload\":{\"op\":\"c\"," + after + "}}",
                        "{\"payload\":{\"op\":\"c\"," + after + "}}",
                        "{\"op\":\"c\"," + after + "} x",
                        "{\"op\":\"c\"," + after + ",\"after\":null}",
                        "{\"op\":\"c\",\"op\":\"c\"," + after + "}",
                        "{\"op\":\"x\"," + after + "}",
                        "{\"op\":\"\\u0063\"," + after + "}",
                        "{\"op\":\"c\",\"after\":{\"id\":1}}", // name is NOT NULL
                        "{\"op\":\"c\",\"after\":{\"id\":1,\"name\":\"n\",\"colour\":1}}",
                        "{\"op\":\"c\",\"after\":{\"id\":1,\"name\":\"n\",\"extra\":[1]}}",
                        "{\"op\":\"c\",\"after\":{\"id\":1234567890123456789,\"name\":\"n\"}}",
                        "{\"op\":\"c\",\"after\":{\"id\":1,\"name\":\"n\",\"n16\":70000}}",
                        "{\"op\":\"c\",\"after\":{\"id\":1,\"name\":\"n\",\"day\":\"soon\"}}",
                        "{\"op\":\"c\",\"after\":{\"id\":1,\"name\":\"\\x\"}}",
                        "{\"op\":\"c\",\"after\":{\"id\":1,\"name\":\"\u0001\"}}",
                        "{\"op\":\"c\",\"after\":{\"i\\u0064\":1,\"name\":\"n\"}}",
                        "{\"op\":\"c\",\"after\":{\"id\":01,\"name\":\"n\"}}",
                        "{\"op\":\"c\",\"ts_ms\":1.5," + after + "}",
                        "{\"op\":\"c\",\"source\":{\"ts_ms\":\"1\"}," + after + "}",
                        "{\"after\":{\"id\":1,\"name\":\"n\"}}",
                        "{}",
                        "[]",
                        "")) {
            assertThat(text.read(bytes(value), parts)).as(value).isFalse();
        }
        // Text that is not well-formed UTF-8: an overlong slash, a surrogate, a lone continuation.
        for (byte[] bad :
                List.of(
                        new byte[] {(byte) 0xc0, (byte) 0xaf},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[] {(byte) 0x80})) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            value.writeBytes(bytes("{\"op\":\"c\",\"after\":{\"id\":1,\"name\":\""));
            value.writeBytes(bad);
            value.writeBytes(bytes("\"}}"));
            assertThat(text.read(value.toByteArray(), parts)).isFalse();
        }
    }

    @Test
    void takesNoColumnNamesThatNeedEscapes() {
        assertThat(DeclaredColumns.of(schemaOf("a\"b"))).isNull();
        assertThat(DeclaredColumns.of(schemaOf("a\\b"))).isNull();
        assertThat(DeclaredColumns.of(schemaOf("a\tb"))).isNull();
        assertThat(DeclaredColumns.of(schemaOf("größe"))).isNotNull();
    }

    /**
     * Random edits of good records, decoded by a decoder that reads them at byte level where it can
     * and by one that always parses: the same event, or the same error, every time.
     */
    @Test
    void decodesEveryRecordExactlyAsTheParserPathDoes() {
        ChangeText text = ChangeText.of(DeclaredColumns.of(DECLARED));
        ChangeParts parts = new ChangeParts();
        int[] counts =
                compare(
                        SEEDS,
                        new DebeziumJsonDecoder(DECLARATIONS, true, true),
                        new DebeziumJsonDecoder(DECLARATIONS, true, false),
                        value -> text.read(value, parts));
        // Most edited records are broken; enough of them are read at byte level to mean something.
        assertThat(counts[0]).isGreaterThan(20_000);
        assertThat(counts[1]).isGreaterThan(20_000);
    }

    /** The same for the flat records of format {@code json}. */
    @Test
    void decodesEveryFlatRecordExactlyAsTheParserPathDoes() {
        String[] flat = {
            "{\"id\":1,\"n16\":7,\"n32\":-40000,\"amount\":12.5,\"ratio\":1.5e2,\"small\":0.25,"
                    + "\"paid\":true,\"name\":\"plain\",\"day\":19000,"
                    + "\"at\":\"2024-01-02T03:04:05.123456\",\"atz\":1710498645123,"
                    + "\"uid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"doc\":\"{}\",\"extra\":42}",
            "{\"id\":2,\"amount\":\"99.90\",\"paid\":false,"
                    + "\"name\":\"a\\\"b\\u00e9 h\u00e9llo \u65e5\u672c \ud83d\ude00\",\"größe\":\"S\","
                    + "\"day\":\"2024-02-29\",\"extra\":\"loose\"}",
            " { \"id\" : -0 , \"name\" : \"\" , \"ratio\" : -0.0 }\n",
        };
        ChangeText text = ChangeText.of(DeclaredColumns.of(DECLARED));
        int[] counts =
                compare(
                        flat,
                        new PlainJsonDecoder(DECLARATIONS, true),
                        new PlainJsonDecoder(DECLARATIONS, false),
                        value -> text.readRow(value) != null);
        assertThat(counts[0]).isGreaterThan(20_000);
    }

    /**
     * The same for records with the schema envelope, edited in their payload: every Connect type
     * the reader converts, read at byte level or by the parser, to the same event or error.
     */
    @Test
    void decodesEveryEnvelopePayloadExactlyAsTheParserPathDoes() {
        List<ObjectNode> columns =
                List.of(
                        Debezium.field("id", "int64", false),
                        Debezium.field("n16", "int16", true),
                        Debezium.field("n32", "int32", true),
                        Debezium.field("f32", "float", true),
                        Debezium.field("f64", "double", true),
                        Debezium.field("flag", "boolean", true),
                        Debezium.field("name", "string", false),
                        Debezium.field("raw", "bytes", true),
                        Debezium.decimal("amount", 10, 2, true),
                        Debezium.variableScaleDecimal("vs"),
                        Debezium.logical("day", "int32", "io.debezium.time.Date", true),
                        Debezium.logical("t_ms", "int32", "io.debezium.time.Time", true),
                        Debezium.logical("t_us", "int64", "io.debezium.time.MicroTime", true),
                        Debezium.logical("ts_us", "int64", "io.debezium.time.MicroTimestamp", true),
                        Debezium.logical("ts_ms", "int64", "io.debezium.time.Timestamp", true),
                        Debezium.logical("zts", "string", "io.debezium.time.ZonedTimestamp", true),
                        Debezium.logical("uid", "string", "io.debezium.data.Uuid", true),
                        Debezium.logical("doc", "string", "io.debezium.data.Json", true));
        ObjectNode schema = Debezium.valueSchema(TOPIC, columns);
        ObjectNode full =
                Debezium.row(
                        "id",
                        1L,
                        "n16",
                        7,
                        "n32",
                        -40000,
                        "f32",
                        0.25,
                        "f64",
                        1.5e-3,
                        "flag",
                        true,
                        "name",
                        "plain",
                        "raw",
                        "AQID",
                        "amount",
                        "MDk=",
                        "vs",
                        null,
                        "day",
                        19000,
                        "t_ms",
                        3_600_000,
                        "t_us",
                        3_600_000_000L,
                        "ts_us",
                        1_710_498_645_123_456L,
                        "ts_ms",
                        1_710_498_645_123L,
                        "zts",
                        "2024-03-15T10:30:45.123456Z",
                        "uid",
                        "0f8fad5b-d9cb-469f-a165-70867728950e",
                        "doc",
                        "{\"a\":1}");
        ObjectNode changed =
                Debezium.row(
                        "id",
                        2L,
                        "f64",
                        "Infinity",
                        "name",
                        "a\"b\\ h\u00e9llo \u65e5\u672c \ud83d\ude00",
                        "amount",
                        "AP8=",
                        "flag",
                        false,
                        "zts",
                        "2024-03-15T10:30:45+02:00");
        ObjectNode key = Debezium.row("id", 2L, "name", "x");
        ObjectNode variable = full.deepCopy();
        variable.set("vs", Debezium.row("scale", 2, "value", "MDk="));
        String[] seeds = {
            Debezium.envelope(schema, Debezium.payload("c", null, full)),
            Debezium.envelope(schema, Debezium.payload("u", key, changed)),
            Debezium.envelope(schema, Debezium.payload("d", full, null)),
            Debezium.envelope(schema, Debezium.payload("r", null, variable)),
        };
        String marker = ",\"payload\":";
        int payloadAt = seeds[0].indexOf(marker) + marker.length();
        for (String seed : seeds) {
            assertThat(seed.indexOf(marker) + marker.length()).isEqualTo(payloadAt);
        }
        ChangeText text = RowLayout.fromEnvelope(schema).text();
        ChangeParts parts = new ChangeParts();
        // The usual payloads are read at byte level; the one with a VariableScaleDecimal is not.
        for (int s = 0; s < seeds.length; s++) {
            byte[] value = bytes(seeds[s]);
            int end = text.readPayload(value, payloadAt, parts);
            assertThat(end >= 0 && EnvelopeText.closesAt(value, end)).as(seeds[s]).isEqualTo(s < 3);
        }
        int[] counts =
                compare(
                        seeds,
                        payloadAt,
                        new DebeziumJsonDecoder(TableDeclarations.NONE, true, true),
                        new DebeziumJsonDecoder(TableDeclarations.NONE, true, false),
                        value -> {
                            int end = text.readPayload(value, payloadAt, parts);
                            return end >= 0 && EnvelopeText.closesAt(value, end);
                        });
        assertThat(counts[0]).isGreaterThan(20_000);
    }

    /**
     * Decodes 100,000 random edits of {@code seeds} with both decoders and requires the same
     * outcome every time.
     *
     * @return how many records {@code readsBytes} took, and how many were events
     */
    private static int[] compare(
            String[] seeds,
            RecordDecoder bytesFirst,
            RecordDecoder parsing,
            java.util.function.Predicate<byte[]> readsBytes) {
        return compare(seeds, 0, bytesFirst, parsing, readsBytes);
    }

    /** {@link #compare}, editing each seed from {@code editFrom} on only. */
    private static int[] compare(
            String[] seeds,
            int editFrom,
            RecordDecoder bytesFirst,
            RecordDecoder parsing,
            java.util.function.Predicate<byte[]> readsBytes) {
        SplittableRandom random = new SplittableRandom(11);
        byte[] alphabet =
                concat(
                        bytes("{}[]\",:.-+eE0123456789 \t\n\\/utrfalsn bdx"),
                        bytes("idnamepaiddayafterbeforeopts_mssourceschema"),
                        new byte[] {
                            (byte) 0xc3, (byte) 0xa9, (byte) 0xe6, (byte) 0x97, (byte) 0xa5,
                            (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, (byte) 0xed,
                            (byte) 0xa0, (byte) 0xc0, (byte) 0x01
                        });
        int read = 0;
        int events = 0;
        for (int round = 0; round < 100_000; round++) {
            byte[] value = bytes(seeds[random.nextInt(seeds.length)]);
            int edits = random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                value = RandomEdits.edit(value, editFrom, random, alphabet);
            }
            KafkaRecord record = new KafkaRecord(TOPIC, 0, round, -1, null, value);
            String expected = outcome(parsing, record);
            assertThat(outcome(bytesFirst, record))
                    .as(new String(value, StandardCharsets.UTF_8))
                    .isEqualTo(expected);
            if (readsBytes.test(value)) {
                read++;
            }
            if (expected.startsWith("event")) {
                events++;
            }
        }
        return new int[] {read, events};
    }

    /** An event's every part but its read time, with the class of each value; or the error. */
    private static String outcome(RecordDecoder decoder, KafkaRecord record) {
        try {
            ChangeEvent e = decoder.decode(record);
            if (e == null) {
                return "skipped";
            }
            return "event "
                    + e.table()
                    + " "
                    + e.op()
                    + " before="
                    + row(e.before())
                    + " after="
                    + row(e.after())
                    + " schema="
                    + e.schema()
                    + " at="
                    + e.position().stream()
                    + "/"
                    + e.position().partition()
                    + "/"
                    + e.position().offset()
                    + "/"
                    + e.position().sourceTimestamp();
        } catch (DataException e) {
            return "error " + e.kind() + ": " + e.getMessage();
        }
    }

    private static String row(Object[] values) {
        if (values == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder("[");
        for (Object v : values) {
            s.append(v == null ? "null" : v.getClass().getSimpleName() + ":" + show(v)).append(',');
        }
        return s.append(']').toString();
    }

    private static String show(Object v) {
        return v instanceof byte[] ? Arrays.toString((byte[]) v) : v.toString();
    }

    private static TableSchema schemaOf(String column) {
        return new TableSchema(
                List.of(new Column(column, DataType.of(TypeKind.INT64), false)), List.of(column));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

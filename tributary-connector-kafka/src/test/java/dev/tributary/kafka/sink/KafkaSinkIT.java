package dev.tributary.kafka.sink;

import static dev.tributary.kafka.sink.CommittedRecords.readCommitted;
import static dev.tributary.kafka.sink.CommittedRecords.readUncommitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.config.Options;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.flink.EventTypeInfo;
import dev.tributary.api.spi.SourceContext;
import dev.tributary.api.spi.SourceStreams;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.kafka.KafkaRecord;
import dev.tributary.kafka.KafkaSourceFactory;
import dev.tributary.kafka.format.DebeziumJsonDecoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kafka sink against the in-process broker, run by a Flink MiniCluster. */
class KafkaSinkIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SOURCE_TS = 1_559_033_904_863L;

    /** What the collecting sink received, per run. */
    static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    /** Set when the failing map has thrown. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    @TempDir static Path dataDir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(dataDir);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    // --- 1. round trip through our own kafka source -------------------------------------------

    private static final TableSchema ALL_TYPES =
            new TableSchema(
                    List.of(
                            new Column("id", DataType.of(TypeKind.INT32), false),
                            new Column("small", DataType.of(TypeKind.INT16), true),
                            new Column("big", DataType.of(TypeKind.INT64), true),
                            new Column("real", DataType.of(TypeKind.FLOAT32), true),
                            new Column("dbl", DataType.of(TypeKind.FLOAT64), true),
                            new Column("flag", DataType.of(TypeKind.BOOLEAN), true),
                            new Column("name", DataType.of(TypeKind.STRING), true),
                            new Column("raw", DataType.of(TypeKind.BYTES), true),
                            new Column("amount", DataType.decimal(10, 2), true),
                            new Column(
                                    "any_number",
                                    DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED),
                                    true),
                            new Column("born", DataType.of(TypeKind.DATE), true),
                            new Column("at_time", DataType.temporal(TypeKind.TIME, 6), true),
                            new Column("fine_time", DataType.temporal(TypeKind.TIME, 9), true),
                            new Column("at_ms", DataType.temporal(TypeKind.TIMESTAMP, 3), true),
                            new Column("at_us", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                            new Column("at_ns", DataType.temporal(TypeKind.TIMESTAMP, 9), true),
                            new Column("at_zone", DataType.of(TypeKind.TIMESTAMP_TZ), true),
                            new Column("ref", DataType.of(TypeKind.UUID), true),
                            new Column("doc", DataType.of(TypeKind.JSON), true)),
                    List.of("id"));

    /**
     * Without the schema envelope a reader only has the declared types and the JSON values: an
     * unbounded decimal's {scale, value} object and nanosecond times do not read back from plain
     * numbers (see docs/kafka-sink.md), so this table leaves them out.
     */
    private static final TableSchema PLAIN_TYPES =
            new TableSchema(
                    ALL_TYPES.columns().stream()
                            .filter(
                                    c ->
                                            !List.of("any_number", "fine_time", "at_ns")
                                                    .contains(c.name()))
                            .collect(Collectors.toList()),
                    List.of("id"));

    /** Composite key, in another order than the columns. */
    private static final TableSchema LINES =
            new TableSchema(
                    List.of(
                            new Column("line_no", DataType.of(TypeKind.INT32), false),
                            new Column("order_id", DataType.of(TypeKind.INT64), false),
                            new Column("product", DataType.of(TypeKind.STRING), true),
                            new Column("qty", DataType.of(TypeKind.INT32), true)),
                    List.of("order_id", "line_no"));

    private static Object[] allTypesRow(int id, String name) {
        return new Object[] {
            id,
            (short) -3,
            9_007_199_254_740_993L,
            1.5f,
            -2.25d,
            true,
            name,
            new byte[] {0, 1, (byte) 0xFF},
            new BigDecimal("123.45"),
            new BigDecimal("-0.00125"),
            LocalDate.of(2024, 3, 15),
            LocalTime.of(10, 30, 45, 123_456_000),
            LocalTime.of(10, 30, 45, 123_456_789),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_000_000),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
            LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_789),
            OffsetDateTime.of(2024, 3, 15, 10, 30, 45, 123_456_000, ZoneOffset.ofHours(2)),
            UUID.fromString("8f1e2a6c-3b4d-4e5f-9a0b-1c2d3e4f5a6b"),
            "{\"tags\": [1, 2]}"
        };
    }

    private static Object[] oddValuesRow(int id) {
        Object[] row = allTypesRow(id, "Zoë \"quoted\" \n line");
        row[3] = Float.NaN;
        row[4] = Double.NEGATIVE_INFINITY;
        row[8] = new BigDecimal("-99999999.99");
        row[9] = new BigDecimal("12345678901234567890.123456789");
        row[16] = OffsetDateTime.of(1999, 12, 31, 23, 0, 0, 0, ZoneOffset.ofHours(-5));
        return row;
    }

    private static Object[] nullsRow(int id) {
        Object[] row = new Object[ALL_TYPES.size()];
        row[0] = id;
        return row;
    }

    /** The same row for {@link #PLAIN_TYPES}. */
    private static Object[] plain(Object[] allTypes) {
        if (allTypes == null) {
            return null;
        }
        Object[] row = new Object[PLAIN_TYPES.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = allTypes[ALL_TYPES.indexOf(PLAIN_TYPES.column(i).name())];
        }
        return row;
    }

    private static SinkRecord record(
            TableId target, Op op, TableSchema schema, Object[] before, Object[] after) {
        TableId source = new TableId("shop", "public", target.table());
        Position position = new Position("shop.public." + target.table(), 0, 7, SOURCE_TS, 0);
        return new SinkRecord(
                target,
                WriteMode.UPSERT,
                new ChangeEvent(source, op, before, after, schema, position));
    }

    private static List<SinkRecord> typeEvents(TableId target, boolean plain) {
        TableSchema s = plain ? PLAIN_TYPES : ALL_TYPES;
        List<Object[]> rows =
                List.of(
                        allTypesRow(1, "Ada"),
                        nullsRow(2),
                        allTypesRow(1, "Ada Lovelace"),
                        oddValuesRow(3));
        List<Object[]> r = new ArrayList<>();
        for (Object[] row : rows) {
            r.add(plain ? plain(row) : row);
        }
        return List.of(
                record(target, Op.SNAPSHOT, s, null, r.get(0)),
                record(target, Op.INSERT, s, null, r.get(1)),
                record(target, Op.UPDATE, s, r.get(0), r.get(2)),
                record(target, Op.DELETE, s, r.get(1), null),
                record(target, Op.INSERT, s, null, r.get(3)));
    }

    private static List<SinkRecord> lineEvents(TableId target) {
        return List.of(
                record(target, Op.INSERT, LINES, null, new Object[] {1, 100L, "tea", 2}),
                record(target, Op.INSERT, LINES, null, new Object[] {2, 100L, "cake", null}),
                record(
                        target,
                        Op.UPDATE,
                        LINES,
                        new Object[] {1, 100L, "tea", 2},
                        new Object[] {1, 100L, "tea", 3}),
                record(target, Op.DELETE, LINES, new Object[] {2, 100L, "cake", null}, null));
    }

    @Test
    void eventsOfEveryTypeComeBackThroughTheKafkaSourceWithAndWithoutSchemas() throws Exception {
        TableId allTypes = TableId.of("inventory", "all_types");
        TableId plainTypes = TableId.of("inventory", "plain_types");
        TableId lines = TableId.of("inventory", "lines");
        List<String> topics =
                List.of(
                        "rt1.inventory.all_types",
                        "rt1.inventory.lines",
                        "rt2.inventory.plain_types",
                        "rt2.inventory.lines");
        topics.forEach(t -> kafka.createTopic(t, 1));
        List<SinkRecord> typed = new ArrayList<>(typeEvents(allTypes, false));
        typed.addAll(lineEvents(lines));
        List<SinkRecord> plain = new ArrayList<>(typeEvents(plainTypes, true));
        plain.addAll(lineEvents(lines));

        StreamExecutionEnvironment env = environment("none");
        env.fromData(typed, EventTypeInfo.SINK_RECORD)
                .sinkTo(sink("rt", "with-schemas", Map.of("topic-prefix", "rt1")));
        env.fromData(plain, EventTypeInfo.SINK_RECORD)
                .sinkTo(
                        sink(
                                "rt",
                                "without-schemas",
                                Map.of("topic-prefix", "rt2", "schemas", false)));
        env.execute("kafka-sink-round-trip");

        // Without envelope the reader needs the table's declared columns, as the pipeline file
        // gives them under tables:.
        TableDeclarations declarations =
                t ->
                        "rt2".equals(t.catalog())
                                ? (t.table().equals("lines") ? LINES : PLAIN_TYPES)
                                : null;
        String run = "round-trip";
        COLLECTED.put(run, new ConcurrentLinkedQueue<>());
        JobClient reader = readBack(run, topics, declarations);
        try {
            await("every event read back")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> COLLECTED.get(run).size() >= typed.size() + plain.size());
        } finally {
            reader.cancel().get();
        }

        List<Object> read = new ArrayList<>(COLLECTED.get(run));
        assertThat(read)
                .hasSize(typed.size() + plain.size())
                .allMatch(ChangeEvent.class::isInstance);
        assertSameEvents(eventsOf(read, "rt1"), typed);
        assertSameEvents(eventsOf(read, "rt2"), plain);
    }

    private static List<ChangeEvent> eventsOf(List<Object> read, String prefix) {
        return read.stream()
                .map(ChangeEvent.class::cast)
                .filter(e -> prefix.equals(e.table().catalog()))
                .collect(Collectors.toList());
    }

    /** Per target table, the events read back are the events written, in order. */
    private static void assertSameEvents(List<ChangeEvent> read, List<SinkRecord> written) {
        Map<String, List<ChangeEvent>> readByTable =
                read.stream().collect(Collectors.groupingBy(e -> e.table().table()));
        Map<String, List<SinkRecord>> writtenByTable =
                written.stream().collect(Collectors.groupingBy(r -> r.target().table()));
        assertThat(readByTable.keySet()).isEqualTo(writtenByTable.keySet());
        for (String table : writtenByTable.keySet()) {
            List<ChangeEvent> back = readByTable.get(table);
            List<SinkRecord> sent = writtenByTable.get(table);
            assertThat(back).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                ChangeEvent original = sent.get(i).event();
                ChangeEvent e = back.get(i);
                String what = table + " event " + i + " (" + original.op() + ")";
                assertThat(e.table().schema()).as(what).isEqualTo(sent.get(i).target().schema());
                assertThat(e.op()).as(what).isEqualTo(original.op());
                assertThat(e.schema()).as(what).isEqualTo(original.schema());
                assertThat(e.schema().primaryKey())
                        .as(what)
                        .isEqualTo(original.schema().primaryKey());
                assertThat(e.before()).as(what).isEqualTo(inUtc(original.before()));
                assertThat(e.after()).as(what).isEqualTo(inUtc(original.after()));
                assertThat(e.position().sourceTimestamp()).as(what).isEqualTo(SOURCE_TS);
            }
        }
    }

    /** Debezium writes zoned timestamps in UTC: the instant is kept, the offset is not. */
    private static Object[] inUtc(Object[] row) {
        if (row == null) {
            return null;
        }
        Object[] copy = row.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof OffsetDateTime) {
                copy[i] = ((OffsetDateTime) copy[i]).withOffsetSameInstant(ZoneOffset.UTC);
            }
        }
        return copy;
    }

    private JobClient readBack(String run, List<String> topics, TableDeclarations declarations)
            throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("bootstrap-servers", kafka.bootstrapServers());
        values.put("topics", topics);
        Options options =
                new Options(
                        "sources[0]",
                        values,
                        Map.of("properties.", Map.of("isolation.level", "read_committed")));
        KafkaSourceFactory factory = new KafkaSourceFactory();
        factory.validate(options);
        StreamExecutionEnvironment env = environment("none");
        SourceStreams streams =
                factory.create(
                        new SourceContext() {
                            @Override
                            public String pipelineName() {
                                return "it";
                            }

                            @Override
                            public String sourceName() {
                                return run;
                            }

                            @Override
                            public Options options() {
                                return options;
                            }

                            @Override
                            public StreamExecutionEnvironment environment() {
                                return env;
                            }

                            @Override
                            public TableDeclarations declarations() {
                                return declarations;
                            }
                        });
        streams.events().addSink(new Collect<>(run)).name("collect-events");
        streams.errors().addSink(new Collect<>(run)).name("collect-errors");
        return env.executeAsync("kafka-sink-read-back");
    }

    // --- 2. tombstones, Debezium's documented event, error rows, truncate ---------------------

    private static final TableSchema CUSTOMERS =
            new TableSchema(
                    List.of(
                            new Column("id", DataType.of(TypeKind.INT32), false),
                            new Column("first_name", DataType.of(TypeKind.STRING), false),
                            new Column("last_name", DataType.of(TypeKind.STRING), false),
                            new Column("email", DataType.of(TypeKind.STRING), false)),
                    List.of("id"));

    private static SinkRecord customer(Op op, Object[] before, Object[] after) {
        TableId source = new TableId("postgres", "public", "customers");
        Position position = new Position("wal", 0, 24_023_128L, SOURCE_TS, SOURCE_TS + 1);
        ChangeEvent e =
                new ChangeEvent(
                        source,
                        op,
                        before,
                        after,
                        op == Op.TRUNCATE ? TableSchema.EMPTY : CUSTOMERS,
                        position);
        return new SinkRecord(TableId.of("inventory", "customers"), WriteMode.UPSERT, e);
    }

    @Test
    void deletesAreFollowedByTombstonesAndTheCreateEventIsDebeziumsDocumentedOne()
            throws Exception {
        String topic = "PostgreSQL_server.inventory.customers";
        String errorTopic = "PostgreSQL_server._tributary_errors";
        kafka.createTopic(topic, 1);
        kafka.createTopic(errorTopic, 1);
        Object[] anne = {1, "Anne", "Kretchmar", "annek@noanswer.org"};
        Object[] bob = {2, "Bob", "Bell", "bob@example.com"};
        TableSchema invoices =
                new TableSchema(
                        List.of(
                                new Column("id", DataType.of(TypeKind.INT32), false),
                                new Column("total", DataType.decimal(5, 2), true)),
                        List.of("id"));
        SinkRecord unwritable =
                new SinkRecord(
                        TableId.of("inventory", "invoices"),
                        WriteMode.UPSERT,
                        new ChangeEvent(
                                new TableId("postgres", "public", "invoices"),
                                Op.INSERT,
                                null,
                                new Object[] {9, new BigDecimal("1.234")},
                                invoices,
                                new Position("wal", 0, 24_023_200L, SOURCE_TS, SOURCE_TS + 1)));
        List<SinkRecord> records =
                List.of(
                        customer(Op.INSERT, null, anne),
                        customer(Op.INSERT, null, bob),
                        customer(
                                Op.UPDATE,
                                anne,
                                new Object[] {1, "Anne Marie", "Kretchmar", "annek@noanswer.org"}),
                        customer(Op.DELETE, bob, null),
                        unwritable,
                        customer(Op.INSERT, null, new Object[] {3, "Cy", "Cole", "cy@example.com"}),
                        customer(Op.TRUNCATE, null, null));

        long before = System.currentTimeMillis();
        StreamExecutionEnvironment env = environment("none");
        env.fromData(records, EventTypeInfo.SINK_RECORD)
                .sinkTo(sink("docs", "out", Map.of("topic-prefix", "PostgreSQL_server")));
        env.execute("kafka-sink-tombstones");
        long after = System.currentTimeMillis();

        List<ConsumerRecord<byte[], byte[]>> out = readCommitted(kafka.bootstrapServers(), topic);
        assertThat(out)
                .extracting(KafkaSinkIT::opOf)
                .containsExactly("c", "c", "u", "d", null, "c", "t");
        assertThat(text(out.get(3).key())).isEqualTo(text(out.get(4).key()));
        assertThat(out.get(4).value()).as("the tombstone after the delete").isNull();
        assertThat(JSON.readTree(out.get(4).key()).get("payload").toString())
                .isEqualTo("{\"id\":2}");
        assertThat(out.get(6).key()).as("a truncate has no key").isNull();
        JsonNode truncate = JSON.readTree(out.get(6).value()).get("payload");
        assertThat(truncate.get("before").isNull()).isTrue();
        assertThat(truncate.get("after").isNull()).isTrue();

        JsonNode created = JSON.readTree(out.get(0).value());
        long processedAt = created.get("payload").get("ts_ms").longValue();
        assertThat(processedAt).isBetween(before, after);
        assertThat(created).isEqualTo(documentedCreateEventAsWeWriteIt(processedAt));
        assertThat(JSON.readTree(out.get(0).key())).isEqualTo(customerKey());
        List<JsonNode> examples = envelopeExamplesOfTheDocs();
        assertThat(JSON.readTree(out.get(0).key())).isEqualTo(examples.get(0));
        ObjectNode asDocumented = (ObjectNode) created.deepCopy();
        ((ObjectNode) asDocumented.get("payload").get("source")).put("version", "0.1.0");
        ((ObjectNode) asDocumented.get("payload")).put("ts_ms", 1_559_033_904_870L);
        assertThat(asDocumented).isEqualTo(examples.get(1));

        List<ConsumerRecord<byte[], byte[]>> errors =
                readCommitted(kafka.bootstrapServers(), errorTopic);
        assertThat(errors).hasSize(1);
        ChangeEvent error =
                new DebeziumJsonDecoder(TableDeclarations.NONE, true)
                        .decode(
                                new KafkaRecord(
                                        errorTopic,
                                        0,
                                        0,
                                        -1,
                                        errors.get(0).key(),
                                        errors.get(0).value()));
        assertThat(error.op()).isEqualTo(Op.INSERT);
        assertThat(error.schema().columnNames()).isEqualTo(ErrorRecord.SCHEMA.columnNames());
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < error.schema().size(); i++) {
            row.put(error.schema().column(i).name(), error.after()[i]);
        }
        assertThat(row)
                .containsEntry("pipeline", "docs")
                .containsEntry("source_table", "postgres.public.invoices")
                .containsEntry("target_table", "inventory.invoices")
                .containsEntry("error_kind", "CONVERSION")
                .containsEntry(
                        "message",
                        "column 'total' of postgres.public.invoices: cannot write '1.234' as"
                                + " DECIMAL(5,2): more than 2 decimal places")
                .containsEntry("stream", "wal")
                .containsEntry("offset", 24_023_200L);
        assertThat(text((byte[]) row.get("raw_value"))).isEqualTo("{\"id\": 9, \"total\": 1.234}");
        assertThat(text((byte[]) row.get("raw_key"))).isEqualTo("{\"id\": 9}");
    }

    /** The key and value examples of docs/kafka-sink.md, section "The envelope". */
    private static List<JsonNode> envelopeExamplesOfTheDocs() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "kafka-sink.md"));
        String section = page.substring(page.indexOf("### The envelope"));
        List<JsonNode> blocks = new ArrayList<>();
        int at = 0;
        while (blocks.size() < 2) {
            int start = section.indexOf("```json\n", at) + "```json\n".length();
            int end = section.indexOf("```", start);
            blocks.add(JSON.readTree(section.substring(start, end)));
            at = end + 3;
        }
        return blocks;
    }

    private static String opOf(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            return JSON.readTree(r.value()).get("payload").get("op").textValue();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The value of the create event in Debezium's PostgreSQL connector documentation (section
     * "create events", the customers table), copied by hand, with the differences that are ours
     * made one by one below. Everything else must match field by field.
     */
    private static JsonNode documentedCreateEventAsWeWriteIt(long processedAt) throws Exception {
        ObjectNode documented = (ObjectNode) JSON.readTree(DOCUMENTED_CREATE_EVENT);
        ObjectNode schema = (ObjectNode) documented.get("schema");
        ArrayNode envelopeFields = (ArrayNode) schema.get("fields");
        ArrayNode sourceFields = (ArrayNode) envelopeFields.get(2).get("fields");

        // Debezium 2.6 added ts_us and ts_ns; we write the 1.9 to 2.5 shape the brief names.
        removeField(sourceFields, "ts_us");
        removeField(sourceFields, "ts_ns");
        removeField(envelopeFields, "ts_us");
        removeField(envelopeFields, "ts_ns");
        // The example's boolean snapshot field is the pre-1.0 form; every Debezium since writes
        // the io.debezium.data.Enum string below (and the sequence field the payload shows).
        ObjectNode snapshot = JSON.createObjectNode();
        snapshot.put("type", "string");
        snapshot.put("optional", true);
        snapshot.put("name", "io.debezium.data.Enum");
        snapshot.put("version", 1);
        snapshot.putObject("parameters").put("allowed", "true,last,false,incremental");
        snapshot.put("default", "false");
        snapshot.put("field", "snapshot");
        sourceFields.set(indexOf(sourceFields, "snapshot"), snapshot);
        sourceFields.insert(indexOf(sourceFields, "db") + 1, field("string", true, "sequence"));
        // Debezium always has the transaction block (null unless transaction metadata is on),
        // and since 2.0 versions the Envelope; the example leaves both out.
        ObjectNode transaction = JSON.createObjectNode();
        transaction.put("type", "struct");
        ArrayNode txFields = transaction.putArray("fields");
        txFields.add(field("string", false, "id"));
        txFields.add(field("int64", false, "total_order"));
        txFields.add(field("int64", false, "data_collection_order"));
        transaction.put("optional", true);
        transaction.put("name", "event.block");
        transaction.put("version", 1);
        transaction.put("field", "transaction");
        envelopeFields.add(transaction);
        schema.put("version", 1);

        ObjectNode payload = (ObjectNode) documented.get("payload");
        ObjectNode source = (ObjectNode) payload.get("source");
        source.remove(List.of("ts_us", "ts_ns"));
        payload.remove(List.of("ts_us", "ts_ns"));
        // Who wrote it, and what a change event does not know: the log position details.
        source.put("version", "dev");
        source.put("connector", "tributary");
        source.put("snapshot", "false"); // an insert, not a snapshot read (the example says true)
        source.putNull("sequence");
        source.putNull("txId");
        source.putNull("lsn");
        // When the event was processed: now, not the example's time.
        payload.put("ts_ms", processedAt);
        payload.putNull("transaction");
        return documented;
    }

    private static ObjectNode field(String type, boolean optional, String name) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", type);
        f.put("optional", optional);
        f.put("field", name);
        return f;
    }

    private static int indexOf(ArrayNode fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (name.equals(fields.get(i).get("field").textValue())) {
                return i;
            }
        }
        throw new AssertionError("no field " + name + " in " + fields);
    }

    private static void removeField(ArrayNode fields, String name) {
        fields.remove(indexOf(fields, name));
    }

    /**
     * The key as JsonConverter writes it. (The documentation's key example is not JsonConverter
     * output: it shows Connect's internal field list with "index" and an upper-case type.)
     */
    private static JsonNode customerKey() throws Exception {
        return JSON.readTree(
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,"
                        + "\"field\":\"id\"}],\"optional\":false,"
                        + "\"name\":\"PostgreSQL_server.inventory.customers.Key\"},"
                        + "\"payload\":{\"id\":1}}");
    }

    /** Debezium's documented create event value, comments removed, {debezium-version} filled. */
    private static final String DOCUMENTED_CREATE_EVENT =
            "{\n"
                    + "  \"schema\": {\n"
                    + "    \"type\": \"struct\",\n"
                    + "    \"fields\": [\n"
                    + "      {\n"
                    + "        \"type\": \"struct\",\n"
                    + "        \"fields\": [\n"
                    + "          {\"type\": \"int32\", \"optional\": false, \"field\": \"id\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"first_name\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"last_name\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"email\"}\n"
                    + "        ],\n"
                    + "        \"optional\": true,\n"
                    + "        \"name\": \"PostgreSQL_server.inventory.customers.Value\",\n"
                    + "        \"field\": \"before\"\n"
                    + "      },\n"
                    + "      {\n"
                    + "        \"type\": \"struct\",\n"
                    + "        \"fields\": [\n"
                    + "          {\"type\": \"int32\", \"optional\": false, \"field\": \"id\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"first_name\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"last_name\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"email\"}\n"
                    + "        ],\n"
                    + "        \"optional\": true,\n"
                    + "        \"name\": \"PostgreSQL_server.inventory.customers.Value\",\n"
                    + "        \"field\": \"after\"\n"
                    + "      },\n"
                    + "      {\n"
                    + "        \"type\": \"struct\",\n"
                    + "        \"fields\": [\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"version\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"connector\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"name\"},\n"
                    + "          {\"type\": \"int64\", \"optional\": false, \"field\": \"ts_ms\"},\n"
                    + "          {\"type\": \"int64\", \"optional\": false, \"field\": \"ts_us\"},\n"
                    + "          {\"type\": \"int64\", \"optional\": false, \"field\": \"ts_ns\"},\n"
                    + "          {\"type\": \"boolean\", \"optional\": true, \"default\": false,"
                    + " \"field\": \"snapshot\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"db\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"schema\"},\n"
                    + "          {\"type\": \"string\", \"optional\": false, \"field\": \"table\"},\n"
                    + "          {\"type\": \"int64\", \"optional\": true, \"field\": \"txId\"},\n"
                    + "          {\"type\": \"int64\", \"optional\": true, \"field\": \"lsn\"},\n"
                    + "          {\"type\": \"int64\", \"optional\": true, \"field\": \"xmin\"}\n"
                    + "        ],\n"
                    + "        \"optional\": false,\n"
                    + "        \"name\": \"io.debezium.connector.postgresql.Source\",\n"
                    + "        \"field\": \"source\"\n"
                    + "      },\n"
                    + "      {\"type\": \"string\", \"optional\": false, \"field\": \"op\"},\n"
                    + "      {\"type\": \"int64\", \"optional\": true, \"field\": \"ts_ms\"},\n"
                    + "      {\"type\": \"int64\", \"optional\": true, \"field\": \"ts_us\"},\n"
                    + "      {\"type\": \"int64\", \"optional\": true, \"field\": \"ts_ns\"}\n"
                    + "    ],\n"
                    + "    \"optional\": false,\n"
                    + "    \"name\": \"PostgreSQL_server.inventory.customers.Envelope\"\n"
                    + "  },\n"
                    + "  \"payload\": {\n"
                    + "    \"before\": null,\n"
                    + "    \"after\": {\n"
                    + "      \"id\": 1,\n"
                    + "      \"first_name\": \"Anne\",\n"
                    + "      \"last_name\": \"Kretchmar\",\n"
                    + "      \"email\": \"annek@noanswer.org\"\n"
                    + "    },\n"
                    + "    \"source\": {\n"
                    + "      \"version\": \"2.7.3.Final\",\n"
                    + "      \"connector\": \"postgresql\",\n"
                    + "      \"name\": \"PostgreSQL_server\",\n"
                    + "      \"ts_ms\": 1559033904863,\n"
                    + "      \"ts_us\": 1559033904863123,\n"
                    + "      \"ts_ns\": 1559033904863123000,\n"
                    + "      \"snapshot\": true,\n"
                    + "      \"db\": \"postgres\",\n"
                    + "      \"sequence\": \"[\\\"24023119\\\",\\\"24023128\\\"]\",\n"
                    + "      \"schema\": \"public\",\n"
                    + "      \"table\": \"customers\",\n"
                    + "      \"txId\": 555,\n"
                    + "      \"lsn\": 24023128,\n"
                    + "      \"xmin\": null\n"
                    + "    },\n"
                    + "    \"op\": \"c\",\n"
                    + "    \"ts_ms\": 1559033904863,\n"
                    + "    \"ts_us\": 1559033904863841,\n"
                    + "    \"ts_ns\": 1559033904863841257\n"
                    + "  }\n"
                    + "}";

    @Test
    void atLeastOnceWritesWithoutTransactions() throws Exception {
        String topic = "alo.inventory.customers";
        kafka.createTopic(topic, 1);
        List<SinkRecord> records =
                List.of(
                        customer(Op.INSERT, null, new Object[] {1, "Ann", "Lee", "a@example.com"}),
                        customer(Op.DELETE, new Object[] {1, "Ann", "Lee", "a@example.com"}, null));

        StreamExecutionEnvironment env = environment("none");
        env.fromData(records, EventTypeInfo.SINK_RECORD)
                .sinkTo(
                        sink(
                                "alo",
                                "out",
                                Map.of("topic-prefix", "alo", "delivery", "at-least-once")));
        env.execute("kafka-sink-at-least-once");

        List<ConsumerRecord<byte[], byte[]>> out = readUncommitted(kafka.bootstrapServers(), topic);
        assertThat(out).extracting(KafkaSinkIT::opOf).containsExactly("c", "d", null);
        assertThat(readCommitted(kafka.bootstrapServers(), topic)).hasSize(3);
    }

    // --- 3. exactly once across a failure -----------------------------------------------------

    private static final int COUNT = 500;
    private static final int FAIL_AT = 275;

    @Test
    void aJobThatFailsMidStreamWritesEveryRecordExactlyOnceForReadCommittedConsumers()
            throws Exception {
        String topic = "eo.inventory.counter";
        kafka.createTopic(topic, 1);
        FAILED.set(false);

        StreamExecutionEnvironment env = environment("fixed-delay");
        // 50 records per checkpoint: the failure comes after several committed transactions and
        // inside an open one.
        DataGeneratorSource<SinkRecord> source =
                new DataGeneratorSource<>(
                        new Counter(),
                        COUNT,
                        RateLimiterStrategy.perCheckpoint(50),
                        EventTypeInfo.SINK_RECORD);
        env.fromSource(
                        source,
                        WatermarkStrategy.noWatermarks(),
                        "counter",
                        EventTypeInfo.SINK_RECORD)
                .map(new FailOnceAt(FAIL_AT), EventTypeInfo.SINK_RECORD)
                .sinkTo(sink("eo", "out", Map.of("topic-prefix", "eo")));
        env.execute("kafka-sink-exactly-once");

        assertThat(FAILED).as("the first attempt failed at record " + FAIL_AT).isTrue();
        List<Long> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(kafka.bootstrapServers(), topic)) {
            ids.add(JSON.readTree(r.value()).get("payload").get("after").get("id").longValue());
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < COUNT; i++) {
            expected.add(i);
        }
        assertThat(ids).as("every record once, in order").isEqualTo(expected);
        // The aborted transaction's records are in the log, invisible to read_committed.
        assertThat(readUncommitted(kafka.bootstrapServers(), topic).size())
                .isGreaterThanOrEqualTo(COUNT);
    }

    private static final TableSchema COUNTER =
            new TableSchema(
                    List.of(
                            new Column("id", DataType.of(TypeKind.INT64), false),
                            new Column("label", DataType.of(TypeKind.STRING), true)),
                    List.of("id"));

    /** Record n is an insert of row n. */
    private static final class Counter implements GeneratorFunction<Long, SinkRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkRecord map(Long n) {
            ChangeEvent e =
                    new ChangeEvent(
                            TableId.of("public", "counter"),
                            Op.INSERT,
                            null,
                            new Object[] {n, "row " + n},
                            COUNTER,
                            new Position("gen", 0, n, SOURCE_TS, SOURCE_TS));
            return new SinkRecord(TableId.of("inventory", "counter"), WriteMode.UPSERT, e);
        }
    }

    /** Throws at the given row on the first attempt only. */
    private static final class FailOnceAt extends RichMapFunction<SinkRecord, SinkRecord> {
        private static final long serialVersionUID = 1L;
        private final long at;

        FailOnceAt(long at) {
            this.at = at;
        }

        @Override
        public SinkRecord map(SinkRecord r) {
            long id = (Long) r.event().after()[0];
            if (id == at && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                FAILED.set(true);
                throw new IllegalStateException("failing on purpose at row " + id);
            }
            return r;
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static StreamExecutionEnvironment environment(String restartStrategy) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // fails the job if Kryo were needed
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, restartStrategy);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(200);
        return env;
    }

    private static Sink<SinkRecord> sink(String pipeline, String name, Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("bootstrap-servers", kafka.bootstrapServers());
        Options options = new Options("sinks[0]", all, Map.of("properties.", Map.of()));
        KafkaSinkFactory factory = new KafkaSinkFactory();
        factory.validate(options);
        return factory.create(KafkaSinkFactoryTest.context(pipeline, name, options));
    }

    /** Collects into {@link #COLLECTED}; the MiniCluster runs in this JVM. */
    @SuppressWarnings("deprecation")
    private static final class Collect<T> implements SinkFunction<T> {
        private static final long serialVersionUID = 1L;
        private final String run;

        Collect(String run) {
            this.run = run;
        }

        @Override
        public void invoke(T value, Context context) {
            COLLECTED.get(run).add(value);
        }
    }
}

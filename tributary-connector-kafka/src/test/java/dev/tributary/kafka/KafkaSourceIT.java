package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.spi.SourceContext;
import dev.tributary.api.spi.SourceStreams;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.embedded.BrokerSettings;
import dev.tributary.embedded.EmbeddedKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kafka source against the in-process broker, run by a Flink MiniCluster. */
class KafkaSourceIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String USER = "reader";
    private static final String PASSWORD = "s3cret \"quoted\"";

    /** The timestamp of the first record of the starting-position tests. */
    private static final long T0 = 1_795_514_400_000L;

    private static final TableSchema CLICKS =
            new TableSchema(
                    List.of(
                            new Column("id", DataType.of(TypeKind.INT64), false),
                            new Column("page", DataType.of(TypeKind.STRING), true)),
                    List.of("id"));

    /** What the test sinks collected, per test run id. */
    static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    @TempDir static Path dataDir;

    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private JobClient job;

    @BeforeAll
    static void startKafka() throws Exception {
        Path keys = Files.createDirectories(dataDir.resolve("keys"));
        kafka =
                EmbeddedKafka.start(
                        dataDir.resolve("kafka"),
                        BrokerSettings.DEFAULT
                                .withSaslPlainUser(USER, PASSWORD)
                                .withTls(TestKeyStores.create(keys)));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void stopKafka() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void cancelJob() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
    }

    @Test
    void debeziumRecordsFromTwoTopicsBecomeEventsAndBadOnesBecomeErrorsWithTheirPosition()
            throws Exception {
        String orders = "it1.public.orders";
        String customers = "it1.public.customers";
        kafka.createTopic(orders, 2);
        kafka.createTopic(customers, 1);
        String orderKey =
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,"
                        + "\"field\":\"id\"}],\"optional\":false,\"name\":\"it1.public.orders.Key\"},\"payload\":{\"id\":%d}}";
        String orderSchema =
                "{\"type\":\"struct\",\"fields\":["
                        + "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"},"
                        + "{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
                        + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"},\"field\":\"amount\"}],"
                        + "\"optional\":true,\"name\":\"it1.public.orders.Value\",\"field\":\"before\"},"
                        + "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"},"
                        + "{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
                        + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"},\"field\":\"amount\"}],"
                        + "\"optional\":true,\"name\":\"it1.public.orders.Value\",\"field\":\"after\"},"
                        + "{\"type\":\"struct\",\"fields\":[{\"type\":\"int64\",\"optional\":false,\"field\":\"ts_ms\"}],"
                        + "\"optional\":false,\"name\":\"io.debezium.connector.postgresql.Source\",\"field\":\"source\"},"
                        + "{\"type\":\"string\",\"optional\":false,\"field\":\"op\"},"
                        + "{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_ms\"}],"
                        + "\"optional\":false,\"name\":\"it1.public.orders.Envelope\",\"version\":1}";
        String orderValue =
                "{\"schema\":"
                        + orderSchema
                        + ",\"payload\":{\"before\":%s,\"after\":%s,"
                        + "\"source\":{\"ts_ms\":1710498645000},\"op\":\"%s\",\"ts_ms\":1710498645500}}";

        send(
                orders,
                String.format(orderKey, 1),
                String.format(orderValue, "null", "{\"id\":1,\"amount\":\"MDk=\"}", "c"));
        send(
                orders,
                String.format(orderKey, 1),
                String.format(
                        orderValue,
                        "{\"id\":1,\"amount\":\"MDk=\"}",
                        "{\"id\":1,\"amount\":\"z8c=\"}",
                        "u"));
        send(
                orders,
                String.format(orderKey, 1),
                String.format(orderValue, "{\"id\":1,\"amount\":null}", "null", "d"));
        send(orders, String.format(orderKey, 1), null); // tombstone: skipped
        send(
                orders,
                String.format(orderKey, 2),
                String.format(orderValue, "null", "{\"id\":2,\"amount\":\"AQ==\"}", "r"));
        RecordMetadata notJson = send(orders, String.format(orderKey, 3), "this is not json");
        RecordMetadata badOp =
                send(
                        orders,
                        String.format(orderKey, 4),
                        String.format(orderValue, "null", "{\"id\":4,\"amount\":\"AQ==\"}", "x"));
        RecordMetadata badDecimal =
                send(
                        orders,
                        String.format(orderKey, 5),
                        String.format(orderValue, "null", "{\"id\":5,\"amount\":\"abc!\"}", "c"));
        send(
                customers,
                "{\"id\":10}",
                "{\"before\":null,\"after\":{\"id\":10,\"name\":\"Ada\",\"since\":\"2024-03-15\"},"
                        + "\"source\":{\"ts_ms\":1710498645000},\"op\":\"c\",\"ts_ms\":1710498645500}");
        RecordMetadata undeclared =
                send(
                        customers,
                        "{\"id\":11}",
                        "{\"before\":null,\"after\":{\"id\":11,\"name\":\"Bob\",\"vip\":true},\"op\":\"c\"}");
        producer.flush();

        TableSchema customerColumns =
                new TableSchema(
                        List.of(
                                new Column("id", DataType.of(TypeKind.INT64), false),
                                new Column("name", DataType.of(TypeKind.STRING), true),
                                new Column("since", DataType.of(TypeKind.DATE), true)),
                        List.of("id"));
        TableDeclarations declarations =
                t -> t.equals(TableId.parse(customers)) ? customerColumns : null;
        Map<String, Object> values = new HashMap<>();
        values.put("bootstrap-servers", kafka.bootstrapServers());
        values.put("topics", List.of(orders, customers));
        String run = start("cdc", values, declarations);

        await("5 events and 4 errors")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> events(run).size() >= 5 && errors(run).size() >= 4);

        List<ChangeEvent> events = events(run);
        assertThat(events).hasSize(5);
        List<ChangeEvent> orderEvents =
                events.stream().filter(e -> e.table().equals(TableId.parse(orders))).toList();
        assertThat(orderEvents)
                .extracting(ChangeEvent::op)
                .containsExactlyInAnyOrder(Op.INSERT, Op.UPDATE, Op.DELETE, Op.SNAPSHOT);
        ChangeEvent update =
                orderEvents.stream().filter(e -> e.op() == Op.UPDATE).findFirst().orElseThrow();
        assertThat(update.before()).containsExactly(1, new BigDecimal("123.45"));
        assertThat(update.after()).containsExactly(1, new BigDecimal("-123.45"));
        assertThat(update.schema().primaryKey()).containsExactly("id");
        assertThat(update.position().sourceTimestamp()).isEqualTo(1710498645000L);
        ChangeEvent delete =
                orderEvents.stream().filter(e -> e.op() == Op.DELETE).findFirst().orElseThrow();
        assertThat(delete.before()).containsExactly(1, null);
        ChangeEvent customer =
                events.stream()
                        .filter(e -> e.table().equals(TableId.parse(customers)))
                        .findFirst()
                        .orElseThrow();
        assertThat(customer.op()).isEqualTo(Op.INSERT);
        assertThat(customer.after()).containsExactly(10L, "Ada", LocalDate.of(2024, 3, 15));
        assertThat(customer.position().stream()).isEqualTo(customers);
        assertThat(customer.position().partition()).isZero();

        List<ErrorRecord> errors = errors(run);
        assertThat(errors).hasSize(4);
        assertError(
                errors,
                notJson,
                ErrorKind.PARSE,
                "value is not valid JSON: Unrecognized token 'this'");
        assertError(errors, badOp, ErrorKind.UNSUPPORTED, "op 'x' is not supported");
        assertError(
                errors,
                badDecimal,
                ErrorKind.CONVERSION,
                "field 'after.amount': cannot convert 'abc!' to DECIMAL(10,2)");
        assertError(
                errors,
                undeclared,
                ErrorKind.SCHEMA_MISMATCH,
                "field 'after.vip' is not a declared column");
        ErrorRecord bad = find(errors, notJson);
        assertThat(bad.source()).isEqualTo("cdc");
        assertThat(bad.sourceTable()).isEqualTo(orders);
        assertThat(new String(bad.rawValue(), StandardCharsets.UTF_8))
                .isEqualTo("this is not json");
        assertThat(new String(bad.rawKey(), StandardCharsets.UTF_8))
                .isEqualTo(String.format(orderKey, 3));
    }

    @Test
    void plainJsonFromATopicPatternUsesTheDeclaredColumns() throws Exception {
        kafka.createTopic("it2.clicks", 1);
        send("it2.clicks", null, "{\"id\":1,\"page\":\"/home\"}");
        RecordMetadata bad = send("it2.clicks", null, "{\"id\":\"one\",\"page\":\"/home\"}");
        send("it2.clicks", null, "{\"id\":2,\"page\":\"/cart\"}");
        producer.flush();
        TableSchema clicks = CLICKS;
        Map<String, Object> values = new HashMap<>();
        values.put("bootstrap-servers", kafka.bootstrapServers());
        values.put("topic-pattern", "it2\\..*");
        values.put("format", "json");
        String run = start("clicks", values, t -> t.table().equals("clicks") ? clicks : null);

        await("2 events and 1 error")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> events(run).size() >= 2 && errors(run).size() >= 1);

        assertThat(events(run))
                .extracting(e -> e.after()[1])
                .containsExactlyInAnyOrder("/home", "/cart");
        assertThat(events(run)).allSatisfy(e -> assertThat(e.schema()).isEqualTo(clicks));
        assertError(
                errors(run),
                bad,
                ErrorKind.CONVERSION,
                "field 'id': cannot convert 'one' to INT64");
    }

    @Test
    void aFirstRunByTimestampStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
        String topic = fourRecordsOneSecondApart("it3.by-time");
        Map<String, Object> values = jsonFrom(topic);
        values.put("starting-offsets", "timestamp");
        values.put("starting-timestamp", T0 + 2_000);

        assertThat(firstIds(start("by-time", values, t -> CLICKS), 2)).containsExactly(3L, 4L);
    }

    @Test
    void aFirstRunFromCommittedOffsetsStartsAtTheGroupsOffset() throws Exception {
        String topic = fourRecordsOneSecondApart("it3.committed");
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(
                            "it3-group",
                            Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)))
                    .all()
                    .get();
        }
        Map<String, Object> values = jsonFrom(topic);
        values.put("starting-offsets", "committed");
        values.put("group-id", "it3-group");

        assertThat(firstIds(start("committed", values, t -> CLICKS), 3))
                .containsExactly(2L, 3L, 4L);
    }

    @Test
    void aFirstRunFromLatestSkipsWhatTheTopicHeldAtTheStart() throws Exception {
        String topic = fourRecordsOneSecondApart("it3.latest");
        Map<String, Object> values = jsonFrom(topic);
        values.put("starting-offsets", "latest");
        String run = start("latest", values, t -> CLICKS);

        // The source takes the end offsets once its reader is assigned the partition; until a
        // record arrives, records are sent after the start, each with a new id.
        long[] next = {100};
        await("a record sent after the start")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            send(topic, null, "{\"id\":" + next[0]++ + ",\"page\":\"/late\"}");
                            return !events(run).isEmpty();
                        });
        assertThat(ids(run)).allSatisfy(id -> assertThat(id).isGreaterThanOrEqualTo(100L));
    }

    @Test
    void consumerPropertiesReachTheClientsASaslLoginReadsAndAWrongPasswordStopsTheStart()
            throws Exception {
        String topic = fourRecordsOneSecondApart("it4.secured");
        Map<String, Object> values = jsonFrom(topic);
        values.put("bootstrap-servers", kafka.saslBootstrapServers());

        String run = start("sasl", values, t -> CLICKS, saslLogin(PASSWORD));
        assertThat(firstIds(run, 4)).containsExactly(1L, 2L, 3L, 4L);

        assertThatThrownBy(() -> start("sasl-wrong", values, t -> CLICKS, saslLogin("wrong")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "sources[0]: cannot reach Kafka at "
                                + kafka.saslBootstrapServers()
                                + " (sources[0].bootstrap-servers, sources[0].properties.*) within"
                                + " 15 s: "
                                + SaslAuthenticationException.class.getName())
                .hasMessageContaining("Invalid username or password");
    }

    @Test
    void consumerPropertiesReachTheClientsOverTlsAndAnUntrustedBrokerStopsTheStart()
            throws Exception {
        String topic = fourRecordsOneSecondApart("it4.tls");
        Map<String, Object> values = jsonFrom(topic);
        values.put("bootstrap-servers", kafka.tlsBootstrapServers());
        Map<String, String> tls =
                Map.of(
                        "security.protocol",
                        "SSL",
                        "ssl.truststore.type",
                        "PKCS12",
                        "ssl.truststore.location",
                        TestKeyStores.trustStore(dataDir.resolve("keys")).toString(),
                        "ssl.truststore.password",
                        TestKeyStores.PASSWORD);

        String run = start("tls", values, t -> CLICKS, tls);
        assertThat(firstIds(run, 4)).containsExactly(1L, 2L, 3L, 4L);

        // Without the trust store, the JDK's own trusted authorities do not know the broker.
        Map<String, String> untrusted = Map.of("security.protocol", "SSL");
        assertThatThrownBy(() -> start("tls-untrusted", values, t -> CLICKS, untrusted))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "sources[0]: cannot reach Kafka at " + kafka.tlsBootstrapServers())
                .hasMessageContaining("SslAuthenticationException");
    }

    @Test
    void aListedTopicThatDoesNotExistStopsTheStartNamingIt() throws Exception {
        String topic = fourRecordsOneSecondApart("it5.present");
        Map<String, Object> values = jsonFrom(topic);
        values.put("topics", List.of(topic, "it5.absent", "it5.gone"));

        assertThatThrownBy(() -> start("absent", values, t -> CLICKS))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].topics: topics it5.absent, it5.gone do not exist on "
                                + kafka.bootstrapServers()
                                + ". Create them, or read with sources[0].topic-pattern, which also"
                                + " picks up topics created later (Debezium creates a table's"
                                + " topic with its first change)");
    }

    private static Map<String, String> saslLogin(String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + USER
                        + "\" password=\""
                        + password.replace("\"", "\\\"")
                        + "\";");
    }

    /** Records with ids 1 to 4 in one partition, timestamped T0, T0 + 1 s, ... */
    private static String fourRecordsOneSecondApart(String topic) throws Exception {
        kafka.createTopic(topic, 1);
        for (int id = 1; id <= 4; id++) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    0,
                                    T0 + (id - 1) * 1_000L,
                                    null,
                                    ("{\"id\":" + id + ",\"page\":\"/p\"}")
                                            .getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        return topic;
    }

    private static Map<String, Object> jsonFrom(String topic) {
        Map<String, Object> values = new HashMap<>();
        values.put("bootstrap-servers", kafka.bootstrapServers());
        values.put("topics", List.of(topic));
        values.put("format", "json");
        return values;
    }

    /**
     * The ids of the first {@code count} events, in the order read: one partition keeps the order,
     * so the first id read shows where the source started.
     */
    private static List<Long> firstIds(String run, int count) {
        await(count + " events")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> events(run).size() >= count);
        return ids(run).subList(0, count);
    }

    private static List<Long> ids(String run) {
        List<Long> ids = new ArrayList<>();
        for (ChangeEvent e : events(run)) {
            ids.add((Long) e.after()[0]);
        }
        return ids;
    }

    private String start(
            String sourceName, Map<String, Object> values, TableDeclarations declarations)
            throws Exception {
        return start(sourceName, values, declarations, Map.of());
    }

    private String start(
            String sourceName,
            Map<String, Object> values,
            TableDeclarations declarations,
            Map<String, String> properties)
            throws Exception {
        String run = sourceName + "-" + System.nanoTime();
        COLLECTED.put(run, new ConcurrentLinkedQueue<>());
        Options options = new Options("sources[0]", values, Map.of("properties.", properties));
        KafkaSourceFactory factory = new KafkaSourceFactory();
        factory.validate(options);
        factory.preflight(options); // as the pipeline runner does before building the job
        Configuration conf = new Configuration();
        conf.set(
                PipelineOptions.GENERIC_TYPES,
                false); // fails the job if anything would fall back to Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        SourceStreams streams =
                factory.create(
                        new SourceContext() {
                            @Override
                            public String pipelineName() {
                                return "it";
                            }

                            @Override
                            public String sourceName() {
                                return sourceName;
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
        job = env.executeAsync("kafka-source-it-" + sourceName);
        return run;
    }

    private static RecordMetadata send(String topic, String key, String value) throws Exception {
        return producer.send(
                        new ProducerRecord<>(
                                topic,
                                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                                value == null ? null : value.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    private static List<ChangeEvent> events(String run) {
        List<ChangeEvent> out = new ArrayList<>();
        COLLECTED
                .get(run)
                .forEach(
                        o -> {
                            if (o instanceof ChangeEvent) {
                                out.add((ChangeEvent) o);
                            }
                        });
        return out;
    }

    private static List<ErrorRecord> errors(String run) {
        List<ErrorRecord> out = new ArrayList<>();
        COLLECTED
                .get(run)
                .forEach(
                        o -> {
                            if (o instanceof ErrorRecord) {
                                out.add((ErrorRecord) o);
                            }
                        });
        return out;
    }

    private static ErrorRecord find(List<ErrorRecord> errors, RecordMetadata at) {
        return errors.stream()
                .filter(
                        e ->
                                e.position().stream().equals(at.topic())
                                        && e.position().partition() == at.partition()
                                        && e.position().offset() == at.offset())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + at + " among " + errors));
    }

    private static void assertError(
            List<ErrorRecord> errors, RecordMetadata at, ErrorKind kind, String message) {
        ErrorRecord e = find(errors, at);
        assertThat(e.kind()).as(e.toString()).isEqualTo(kind);
        assertThat(e.message()).startsWith(message);
        assertThat(e.targetTable()).isNull();
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

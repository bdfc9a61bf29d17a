package dev.tributary.app.it;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A deterministic load of Debezium JSON changes (no envelope) to an orders table: a key's first
 * change inserts it, later ones update it or (7%) delete it. Each change goes to every topic given,
 * so one topic can be mirrored and another appended. Tracks the expected final state.
 */
final class OrderLoad implements AutoCloseable {
    /** The table rule lines that declare the load's columns and key. */
    static final String COLUMNS =
            String.join(
                    "\n",
                    "    key: [id]",
                    "    columns:",
                    "      - { name: id, type: int64 }",
                    "      - { name: status, type: string }",
                    "      - { name: amount, type: 'decimal(12,2)' }",
                    "      - { name: version, type: int64 }");

    private final SplittableRandom random;
    private final int keys;
    private final List<String> topics;
    private final KafkaProducer<String, String> producer;
    private final Map<Long, String[]> expected = new TreeMap<>();
    private long produced;

    OrderLoad(String bootstrapServers, long seed, int keys, String... topics) {
        this.random = new SplittableRandom(seed);
        this.keys = keys;
        this.topics = List.of(topics);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        // One request in flight and patient timeouts: on two busy cores a request the broker has
        // appended could time out on the client, and its retry, overtaken by later batches, was
        // refused as out of order for good, stalling the load (seen once in CI).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Sends {@code n} more changes and waits until Kafka has them. */
    void produce(int n) {
        for (int i = 0; i < n; i++) {
            long id = random.nextInt(keys);
            String[] old = expected.get(id);
            String op;
            String[] after;
            if (old == null) {
                op = "c";
                after = new String[] {"new", amount(), "1"};
            } else if (random.nextInt(100) < 7) {
                op = "d";
                after = null;
            } else {
                op = "u";
                after =
                        new String[] {
                            random.nextBoolean() ? "paid" : "shipped",
                            amount(),
                            String.valueOf(Long.parseLong(old[2]) + 1)
                        };
            }
            String key = "{\"id\":" + id + "}";
            String value =
                    "{\"before\":"
                            + json(id, old)
                            + ",\"after\":"
                            + json(id, after)
                            + ",\"op\":\""
                            + op
                            + "\",\"ts_ms\":"
                            + System.currentTimeMillis()
                            + "}";
            if (after == null) {
                expected.remove(id);
            } else {
                expected.put(id, after);
            }
            for (String topic : topics) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
        }
        producer.flush();
        produced += n;
    }

    long produced() {
        return produced;
    }

    /** The expected mirror rows (id, status, amount, version) ordered by id. */
    List<List<String>> expectedRows() {
        List<List<String>> rows = new ArrayList<>();
        expected.forEach((id, r) -> rows.add(List.of(String.valueOf(id), r[0], r[1], r[2])));
        return rows;
    }

    /** The query whose rows {@link #expectedRows()} must equal. */
    /**
     * The {@code tables:} of a pipeline that mirrors the load's topic {@code
     * <prefix>.public.orders} into {@code public.orders} (upsert) and appends its topic {@code
     * <prefix>.public.history} to {@code public.history}.
     */
    static String mirrorAndHistoryTables(String prefix) {
        return String.join(
                "\n",
                "  - match: '" + prefix + "\\.public\\.(orders)'",
                "    target: 'public.$1'",
                "    mode: upsert",
                COLUMNS,
                "  - match: '" + prefix + "\\.public\\.(history)'",
                "    target: 'public.$1'",
                "    mode: append",
                COLUMNS);
    }

    /**
     * How many rows of {@code public.history} repeat an offset of {@code topic} (one partition):
     * zero when each change was appended once.
     */
    static String repeatedHistoryOffsetsQuery(String topic) {
        return "SELECT count(*) - count(DISTINCT _tributary_offset) FROM public.history"
                + " WHERE _tributary_stream = '"
                + topic
                + "'";
    }

    static String mirrorQuery(String table) {
        return "SELECT id, status, amount, version FROM " + table + " ORDER BY id";
    }

    private String amount() {
        return BigDecimal.valueOf(random.nextInt(1, 10_000_000), 2).toPlainString();
    }

    private static String json(long id, String[] row) {
        return row == null
                ? "null"
                : "{\"id\":"
                        + id
                        + ",\"status\":\""
                        + row[0]
                        + "\",\"amount\":\""
                        + row[1]
                        + "\",\"version\":"
                        + row[2]
                        + "}";
    }

    @Override
    public void close() {
        producer.close();
    }
}

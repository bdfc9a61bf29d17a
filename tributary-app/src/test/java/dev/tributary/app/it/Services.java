package dev.tributary.app.it;

import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real services an end-to-end test needs: Kafka, PostgreSQL, and helpers to feed and read them.
 */
final class Services implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    final EmbeddedKafka kafka;
    final EmbeddedDatabase postgres;
    private final KafkaProducer<String, String> producer;

    Services(Path dir) {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        postgres = EmbeddedDatabase.start(dir.resolve("postgres"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** A new, empty database with a unique name. */
    String newDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        postgres.createDatabase(name);
        return name;
    }

    void send(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, 0, key, value));
    }

    void send(String topic, int partition, String key, String value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    void flush() {
        producer.flush();
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }

    /**
     * The rows of a query, each as a list of its column values rendered as text (null stays null).
     */
    List<List<String>> rows(String database, String sql) {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            // Tables appear only after the first commit; a poll sees "relation does not exist"
            // until then. The sink commits each DDL statement at once, so a poll between creating
            // a table and adding a column that later events of the same batch carry sees
            // "column does not exist".
            if ("42P01".equals(e.getSQLState()) || "42703".equals(e.getSQLState())) {
                return List.of();
            }
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String database, String sql) {
        List<List<String>> r = rows(database, sql);
        return r.isEmpty() ? -1 : Long.parseLong(r.get(0).get(0));
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        producer.close();
        kafka.close();
        postgres.close();
    }
}

package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.Progress;
import dev.tributary.api.spi.ProgressProbe;
import dev.tributary.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka source's progress probe against the in-process broker: the end offsets of a topic a
 * transactional producer writes lie after the commit marker, while a group commits the offset after
 * the last record it read, as Flink does; that counts as passed, a record short of it does not.
 */
class GroupProgressIT {
    @TempDir static Path dataDir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(dataDir);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void aGroupPassesTheEndOffsetsWhenOnlyCommitMarkersAreLeftAndNotBefore() throws Exception {
        kafka.createTopic("ledger", 2);
        kafka.createTopic("other", 1);
        TopicPartition p0 = new TopicPartition("ledger", 0);
        TopicPartition p1 = new TopicPartition("ledger", 1);
        try (KafkaProducer<String, String> producer = transactional();
                Admin admin = admin()) {
            producer.initTransactions();
            send(producer, p0, 5);
            send(producer, p1, 3);
            KafkaSourceFactory factory = new KafkaSourceFactory();
            Options options =
                    new Options(
                            "sources[0]",
                            Map.of(
                                    "bootstrap-servers",
                                    kafka.bootstrapServers(),
                                    "topic-pattern",
                                    "ledger|other"),
                            Map.of());
            assertThat(
                            factory.progressProbe(
                                    "apply", "src", options, List.of(TableId.parse("unread"))))
                    .isEmpty();
            try (ProgressProbe probe =
                    factory.progressProbe(
                                    "apply",
                                    "src",
                                    options,
                                    List.of(TableId.parse("ledger"), TableId.parse("unread")))
                            .orElseThrow()) {
                assertThat(probe.description())
                        .isEqualTo("consumer group tributary-apply-src on 1 topic");
                // Five records and a marker, three records and a marker.
                assertThat(probe.mark()).isEqualTo("the end offsets of 2 partitions (10 offsets)");
                send(producer, p0, 4);

                Progress none = probe.progress();
                assertThat(none.passed()).isFalse();
                assertThat(none.behind()).isEqualTo(10);
                assertThat(none.describe())
                        .isEqualTo(
                                "10 records behind (group tributary-apply-src committed 0 of 2"
                                        + " partitions up to the mark, 2 not at all yet)");

                commit(admin, Map.of(p0, 3L, p1, 3L));
                Progress some = probe.progress();
                assertThat(some.passed()).isFalse();
                assertThat(some.behind()).isEqualTo(3);
                assertThat(some.detail())
                        .isEqualTo(
                                "group tributary-apply-src committed 1 of 2 partitions up to the"
                                        + " mark");

                commit(admin, Map.of(p0, 5L, p1, 3L));
                Progress all = probe.progress();
                assertThat(all.passed()).as(all.describe()).isTrue();
                assertThat(all.behind()).isZero();
            }
        }
    }

    private static void send(KafkaProducer<String, String> producer, TopicPartition tp, int n) {
        producer.beginTransaction();
        for (int i = 0; i < n; i++) {
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k" + i, "v" + i));
        }
        producer.commitTransaction();
    }

    private static void commit(Admin admin, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> request = new java.util.HashMap<>();
        offsets.forEach((tp, o) -> request.put(tp, new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets("tributary-apply-src", request).all().get();
    }

    private static KafkaProducer<String, String> transactional() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "group-progress-it");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(p);
    }
}

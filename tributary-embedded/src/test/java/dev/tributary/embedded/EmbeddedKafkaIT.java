package dev.tributary.embedded;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @Test
    void transactionalRecordsAreReadBackCommitted(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopic("orders", 3);

            produceInOneTransaction(kafka, "orders", 100);

            assertThat(consumeCommitted(kafka, "orders", 100))
                    .hasSize(100)
                    .extracting(ConsumerRecord::partition)
                    .containsOnly(0, 1, 2);
        }
    }

    @Test
    void abortedRecordsAreInvisibleToReadCommitted(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopic("payments", 1);
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "aborter")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("payments", "k", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }
            produceInOneTransaction(kafka, "payments", 1);

            assertThat(consumeCommitted(kafka, "payments", 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("value-0");
        }
    }

    @Test
    void twoBrokersSideBySideDoNotClash(@TempDir Path first, @TempDir Path second) {
        try (EmbeddedKafka a = EmbeddedKafka.start(first);
                EmbeddedKafka b = EmbeddedKafka.start(second)) {
            assertThat(a.bootstrapServers()).isNotEqualTo(b.bootstrapServers());
            a.createTopic("t", 1);
            b.createTopic("t", 2);
            produceInOneTransaction(a, "t", 5);
            produceInOneTransaction(b, "t", 7);

            assertThat(consumeCommitted(a, "t", 5)).hasSize(5);
            assertThat(consumeCommitted(b, "t", 7)).hasSize(7);
        }
    }

    @Test
    void aRestartOnTheSameDataDirKeepsTopicsAndRecords(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopic("kept", 2);
            produceInOneTransaction(kafka, "kept", 10);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            assertThat(consumeCommitted(kafka, "kept", 10)).hasSize(10);
        }
    }

    @Test
    void aStoppedBrokerComesBackOnTheSameAddressWithItsRecords(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            String address = kafka.bootstrapServers();
            kafka.createTopic("outage", 1);
            produceInOneTransaction(kafka, "outage", 5);

            kafka.stop();
            kafka.stop(); // idempotent
            kafka.restart();

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            produceInOneTransaction(kafka, "outage", 5);
            assertThat(consumeCommitted(kafka, "outage", 10)).hasSize(10);
        }
    }

    /**
     * Flink's Kafka source commits offsets asynchronously on its first checkpoint, a second or two
     * after the broker started; a coordinator still being set up then fails that commit with a
     * retriable error that Flink logs as a WARN with a stack trace.
     */
    @Test
    void aConsumerGroupsFirstAsynchronousCommitSucceedsRightAfterTheStart(@TempDir Path dir)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopic("first-commit", 1);
            CompletableFuture<Exception> outcome = new CompletableFuture<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(
                            Map.of(
                                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    kafka.bootstrapServers(),
                                    ConsumerConfig.GROUP_ID_CONFIG,
                                    "first-commit-group"),
                            new StringDeserializer(),
                            new StringDeserializer())) {
                TopicPartition partition = new TopicPartition("first-commit", 0);
                consumer.assign(List.of(partition));
                consumer.commitAsync(
                        Map.of(partition, new OffsetAndMetadata(0)),
                        (offsets, e) -> outcome.complete(e));
                await("the commit's callback")
                        .atMost(Duration.ofSeconds(30))
                        .until(
                                () -> {
                                    consumer.poll(Duration.ofMillis(50));
                                    return outcome.isDone();
                                });
            }
            assertThat(outcome.get()).isNull();
        }
    }

    @Test
    void aBrokerForLocalUseCreatesATopicOnItsFirstUseAndATestBrokerDoesNot(
            @TempDir Path local, @TempDir Path test) throws Exception {
        try (EmbeddedKafka kafka =
                EmbeddedKafka.start(local, BrokerSettings.DEFAULT.withTopicsCreatedOnUse())) {
            try (KafkaProducer<String, String> producer = plainProducer(kafka)) {
                producer.send(new ProducerRecord<>("made-on-use", "k", "v")).get(30, SECONDS);
            }
            assertThat(consumeCommitted(kafka, "made-on-use", 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("v");
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(test);
                KafkaProducer<String, String> producer = plainProducer(kafka)) {
            assertThatThrownBy(
                            () ->
                                    producer.send(new ProducerRecord<>("never-made", "k", "v"))
                                            .get(30, SECONDS))
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("never-made not present in metadata");
        }
    }

    private static KafkaProducer<String, String> plainProducer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        // how long send() waits for a topic's metadata
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        "3000"),
                new StringSerializer(),
                new StringSerializer());
    }

    @Test
    void createTopicIsIdempotent(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopic("twice", 2);
            kafka.createTopic("twice", 2);
        }
    }

    private static void produceInOneTransaction(EmbeddedKafka kafka, String topic, int count) {
        try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-" + topic)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.commitTransaction();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(
            EmbeddedKafka kafka, String id) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        id,
                        // what Flink's exactly-once sink asks for; the broker must allow it
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        "3600000"),
                new StringSerializer(),
                new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeCommitted(
            EmbeddedKafka kafka, String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "reader-" + topic,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await("read " + expected + " committed records from " + topic)
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                                return records.size() >= expected;
                            });
            // a short extra poll: nothing beyond the expected records may show up
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}

package dev.tributary.kafka.sink;

import static dev.tributary.kafka.sink.KafkaSinkOptions.BOOTSTRAP_SERVERS;
import static dev.tributary.kafka.sink.KafkaSinkOptions.DELIVERY;
import static dev.tributary.kafka.sink.KafkaSinkOptions.DELIVERY_EXACTLY_ONCE;
import static dev.tributary.kafka.sink.KafkaSinkOptions.PROPERTIES_PREFIX;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TOPIC;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TOPIC_PREFIX;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TRANSACTION_TIMEOUT;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SinkContext;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.kafka.BrokerPreflight;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} sink: writes change events as Debezium JSON (Debezium's PostgreSQL connector
 * through JsonConverter) to one topic per target table, exactly once by default with Kafka
 * transactions committed on each checkpoint. See {@link KafkaChangeSink}.
 */
public final class KafkaSinkFactory implements SinkFactory {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkFactory.class);

    /** Producer settings that have their own option, and so may not come through properties. */
    private static final Map<String, ConfigOption<?>> OWN_SETTINGS = ownSettings();

    @Override
    public String identifier() {
        return "kafka";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return KafkaSinkOptions.ALL;
    }

    @Override
    public List<String> passThroughPrefixes() {
        return List.of(PROPERTIES_PREFIX);
    }

    @Override
    public void validate(Options options) {
        String prefix = options.get(TOPIC_PREFIX);
        if (prefix != null && prefix.isBlank()) {
            throw new ConfigException(options.pathOf(TOPIC_PREFIX) + " must not be blank");
        }
        TopicTemplate topics;
        try {
            topics = TopicTemplate.parse(options.get(TOPIC), prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(options.pathOf(TOPIC) + ": " + e.getMessage());
        }
        if (topics.usesPrefix() && prefix == null) {
            throw new ConfigException(
                    options.pathOf(TOPIC_PREFIX)
                            + " is required: topics are named "
                            + options.get(TOPIC)
                            + (options.contains(TOPIC)
                                    ? ""
                                    : " (set "
                                            + options.pathOf(TOPIC)
                                            + " to name them otherwise)"));
        }
        String txPrefix = options.get(TRANSACTIONAL_ID_PREFIX);
        boolean exactlyOnce = DELIVERY_EXACTLY_ONCE.equals(options.get(DELIVERY));
        if (txPrefix != null && txPrefix.isBlank()) {
            throw new ConfigException(
                    options.pathOf(TRANSACTIONAL_ID_PREFIX) + " must not be blank");
        }
        if (txPrefix != null && !exactlyOnce) {
            throw new ConfigException(
                    options.pathOf(TRANSACTIONAL_ID_PREFIX)
                            + " is only used with delivery: exactly-once, but delivery is "
                            + options.get(DELIVERY));
        }
        if (options.get(TRANSACTION_TIMEOUT).toMillis() < 1_000) {
            throw new ConfigException(
                    options.pathOf(TRANSACTION_TIMEOUT)
                            + " must be at least 1s, found "
                            + options.get(TRANSACTION_TIMEOUT));
        }
        for (Map.Entry<String, ConfigOption<?>> own : OWN_SETTINGS.entrySet()) {
            if (options.withPrefix(PROPERTIES_PREFIX).containsKey(own.getKey())) {
                throw new ConfigException(
                        options.path()
                                + "."
                                + PROPERTIES_PREFIX
                                + own.getKey()
                                + " is not allowed; use "
                                + options.pathOf(own.getValue()));
            }
        }
    }

    /**
     * The brokers answer with the sink's client settings, and, for exactly-once delivery, let a
     * transaction stay open as long as {@code transaction-timeout} says (otherwise each producer
     * fails at its start).
     */
    @Override
    public void preflight(Options options) {
        try (BrokerPreflight brokers =
                BrokerPreflight.connect(options, BOOTSTRAP_SERVERS, PROPERTIES_PREFIX)) {
            if (!DELIVERY_EXACTLY_ONCE.equals(options.get(DELIVERY))) {
                return;
            }
            Duration timeout = options.get(TRANSACTION_TIMEOUT);
            brokers.transactionMaxTimeout()
                    .filter(max -> timeout.compareTo(max) > 0)
                    .ifPresent(
                            max -> {
                                throw new ConfigException(
                                        options.pathOf(TRANSACTION_TIMEOUT)
                                                + ": "
                                                + timeout.toMillis()
                                                + " ms is longer than the brokers allow"
                                                + " (transaction.max.timeout.ms = "
                                                + max.toMillis()
                                                + " on "
                                                + options.get(BOOTSTRAP_SERVERS)
                                                + "): lower it, or raise the brokers' limit");
                            });
        }
    }

    @Override
    public Sink<SinkRecord> create(SinkContext context) {
        KafkaSinkConfig config = KafkaSinkConfig.from(context);
        LOG.info("Kafka sink '{}': {}", context.sinkName(), config);
        KafkaSink<OutgoingRecord> kafka =
                KafkaSink.<OutgoingRecord>builder()
                        .setBootstrapServers(config.bootstrapServers())
                        .setDeliveryGuarantee(
                                config.exactlyOnce()
                                        ? DeliveryGuarantee.EXACTLY_ONCE
                                        : DeliveryGuarantee.AT_LEAST_ONCE)
                        .setTransactionalIdPrefix(config.transactionalIdPrefix())
                        .setKafkaProducerConfig(config.producerProperties())
                        .setRecordSerializer(new OutgoingRecordSerializer())
                        .build();
        return new KafkaChangeSink<>(kafka, config);
    }

    private static Map<String, ConfigOption<?>> ownSettings() {
        Map<String, ConfigOption<?>> own = new LinkedHashMap<>();
        own.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS);
        own.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX);
        own.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT);
        return own;
    }

    /** The Kafka source names a table by its topic: the topic this sink writes it to. */
    @Override
    public Optional<TableId> downstreamTable(String pipelineName, Options options, TableId target) {
        String prefix = options.get(KafkaSinkOptions.TOPIC_PREFIX);
        TopicTemplate topics =
                TopicTemplate.parse(
                        options.get(KafkaSinkOptions.TOPIC),
                        prefix != null ? prefix : pipelineName);
        return Optional.of(TableId.parse(topics.topicOf(target)));
    }
}

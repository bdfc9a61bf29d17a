package dev.tributary.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SinkContext;
import dev.tributary.api.spi.SinkFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.junit.jupiter.api.Test;

class KafkaSinkFactoryTest {
    private final KafkaSinkFactory factory = new KafkaSinkFactory();

    static Options options(Map<String, Object> values, Map<String, String> properties) {
        Map<String, Object> all = new HashMap<>(values);
        all.putIfAbsent("bootstrap-servers", "localhost:9092");
        return new Options("sinks[0]", all, Map.of("properties.", properties));
    }

    static Options options(Map<String, Object> values) {
        return options(values, Map.of());
    }

    static SinkContext context(String pipeline, String sink, Options options) {
        return new SinkContext() {
            @Override
            public String pipelineName() {
                return pipeline;
            }

            @Override
            public String sinkName() {
                return sink;
            }

            @Override
            public Options options() {
                return options;
            }

            @Override
            public TableId errorTable() {
                return TableId.parse("_tributary_errors");
            }
        };
    }

    private void rejects(Options options, String message) {
        assertThatThrownBy(() -> factory.validate(options))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void isFoundByServiceLoaderAsKafka() {
        List<String> ids =
                ServiceLoader.load(SinkFactory.class).stream()
                        .map(p -> p.get().identifier())
                        .collect(Collectors.toList());

        assertThat(ids).contains("kafka");
    }

    @Test
    void declaresItsOptionsWithDescriptionsAndThePropertiesPrefix() {
        assertThat(factory.options())
                .extracting(ConfigOption::key)
                .containsExactly(
                        "bootstrap-servers",
                        "topic-prefix",
                        "topic",
                        "schemas",
                        "delivery",
                        "transactional-id-prefix",
                        "transaction-timeout");
        assertThat(factory.options()).allSatisfy(o -> assertThat(o.description()).isNotBlank());
        assertThat(KafkaSinkOptions.BOOTSTRAP_SERVERS.isRequired()).isTrue();
        assertThat(KafkaSinkOptions.DELIVERY.allowed())
                .containsExactly("exactly-once", "at-least-once");
        assertThat(KafkaSinkOptions.DELIVERY.defaultValue()).isEqualTo("exactly-once");
        assertThat(KafkaSinkOptions.SCHEMAS.defaultValue()).isTrue();
        assertThat(KafkaSinkOptions.TRANSACTION_TIMEOUT.defaultValue())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(factory.passThroughPrefixes()).containsExactly("properties.");
    }

    @Test
    void acceptsAPrefixOrATopicWithoutPrefix() {
        assertThatCode(() -> factory.validate(options(Map.of("topic-prefix", "shop"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> factory.validate(options(Map.of("topic", "cdc-{schema}-{table}"))))
                .doesNotThrowAnyException();
    }

    @Test
    void defaultTopicsNeedThePrefix() {
        rejects(
                options(Map.of()),
                "sinks[0].topic-prefix is required: topics are named {prefix}.{schema}.{table}"
                        + " (set sinks[0].topic to name them otherwise)");
        rejects(
                options(Map.of("topic", "{prefix}-{table}")),
                "sinks[0].topic-prefix is required: topics are named {prefix}-{table}");
        rejects(options(Map.of("topic-prefix", " ")), "sinks[0].topic-prefix must not be blank");
    }

    @Test
    void topicTemplateMustBeReadable() {
        rejects(
                options(Map.of("topic-prefix", "shop", "topic", "{prefix}.{tabel}")),
                "sinks[0].topic: '{prefix}.{tabel}' has the unknown placeholder {tabel}; known"
                        + " placeholders are {prefix}, {schema} and {table}");
        rejects(
                options(Map.of("topic-prefix", "shop", "topic", "{prefix}.{schema}")),
                "sinks[0].topic: '{prefix}.{schema}' does not contain {table}, so every table"
                        + " would share one topic");
        rejects(
                options(Map.of("topic-prefix", "shop", "topic", "{prefix}.{table")),
                "sinks[0].topic: '{prefix}.{table' has a '{' without '}' at position 9");
    }

    @Test
    void transactionalIdPrefixOnlyWithExactlyOnce() {
        rejects(
                options(
                        Map.of(
                                "topic-prefix",
                                "shop",
                                "delivery",
                                "at-least-once",
                                "transactional-id-prefix",
                                "tx")),
                "sinks[0].transactional-id-prefix is only used with delivery: exactly-once, but"
                        + " delivery is at-least-once");
        rejects(
                options(Map.of("topic-prefix", "shop", "transactional-id-prefix", "")),
                "sinks[0].transactional-id-prefix must not be blank");
    }

    @Test
    void transactionTimeoutOfAtLeastASecond() {
        rejects(
                options(
                        Map.of(
                                "topic-prefix",
                                "shop",
                                "transaction-timeout",
                                Duration.ofMillis(10))),
                "sinks[0].transaction-timeout must be at least 1s, found PT0.01S");
    }

    @Test
    void producerSettingsWithTheirOwnOptionAreNotPassedThrough() {
        rejects(
                options(Map.of("topic-prefix", "shop"), Map.of("transactional.id", "x")),
                "sinks[0].properties.transactional.id is not allowed; use"
                        + " sinks[0].transactional-id-prefix");
        rejects(
                options(Map.of("topic-prefix", "shop"), Map.of("bootstrap.servers", "x:1")),
                "sinks[0].properties.bootstrap.servers is not allowed; use"
                        + " sinks[0].bootstrap-servers");
        rejects(
                options(Map.of("topic-prefix", "shop"), Map.of("transaction.timeout.ms", "1")),
                "sinks[0].properties.transaction.timeout.ms is not allowed; use"
                        + " sinks[0].transaction-timeout");
    }

    @Test
    void configDerivesTheTransactionalIdsFromPipelineAndSink() {
        Options o = options(Map.of("topic-prefix", "shop"), Map.of("linger.ms", "5"));
        KafkaSinkConfig config = KafkaSinkConfig.from(context("orders", "out", o));

        assertThat(config.transactionalIdPrefix()).isEqualTo("tributary-orders-out");
        assertThat(config.exactlyOnce()).isTrue();
        assertThat(config.schemas()).isTrue();
        assertThat(config.serverName()).isEqualTo("shop");
        assertThat(config.producerProperties())
                .containsEntry("linger.ms", "5")
                .containsEntry("transaction.timeout.ms", "600000");
        assertThat(config.topics().topicOf(TableId.parse("public.orders")))
                .isEqualTo("shop.public.orders");
    }

    @Test
    void configMasksSecretsInItsDescription() {
        Options o =
                options(
                        Map.of("topic-prefix", "shop"),
                        Map.of("sasl.jaas.config", "user=x password=y", "acks", "all"));

        assertThat(KafkaSinkConfig.from(context("p", "s", o)).toString())
                .contains("sasl.jaas.config=****")
                .contains("acks=all")
                .doesNotContain("password=y");
    }

    @Test
    void createsAStatefulCommittingSink() {
        Sink<?> sink = factory.create(context("p", "s", options(Map.of("topic-prefix", "shop"))));

        assertThat(sink).isInstanceOf(SupportsCommitter.class);
        assertThat(sink).isInstanceOf(SupportsWriterState.class);
    }
}

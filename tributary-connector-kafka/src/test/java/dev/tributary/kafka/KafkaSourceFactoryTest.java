package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.spi.SourceFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KafkaSourceFactoryTest {
    private final KafkaSourceFactory factory = new KafkaSourceFactory();

    private static Options options(Map<String, Object> values, Map<String, String> properties) {
        Map<String, Object> all = new HashMap<>(values);
        all.putIfAbsent("bootstrap-servers", "localhost:9092");
        return new Options("sources[0]", all, Map.of("properties.", properties));
    }

    private static Options options(Map<String, Object> values) {
        return options(values, Map.of());
    }

    @Test
    void isFoundByServiceLoaderAsKafka() {
        List<String> ids =
                ServiceLoader.load(SourceFactory.class).stream()
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
                        "topics",
                        "topic-pattern",
                        "format",
                        "group-id",
                        "starting-offsets",
                        "starting-timestamp",
                        "truncate");
        assertThat(factory.options()).allSatisfy(o -> assertThat(o.description()).isNotBlank());
        assertThat(KafkaSourceOptions.BOOTSTRAP_SERVERS.isRequired()).isTrue();
        assertThat(KafkaSourceOptions.FORMAT.allowed()).containsExactly("debezium-json", "json");
        assertThat(KafkaSourceOptions.FORMAT.defaultValue()).isEqualTo("debezium-json");
        assertThat(KafkaSourceOptions.STARTING_OFFSETS.allowed())
                .containsExactly("earliest", "latest", "timestamp", "committed");
        assertThat(KafkaSourceOptions.TRUNCATE.allowed()).containsExactly("apply", "skip");
        assertThat(factory.passThroughPrefixes()).containsExactly("properties.");
    }

    @Test
    void acceptsTopicsOrPattern() {
        assertThatCode(() -> factory.validate(options(Map.of("topics", List.of("a", "b")))))
                .doesNotThrowAnyException();
        assertThatCode(
                        () ->
                                factory.validate(
                                        options(Map.of("topic-pattern", "shop\\.public\\..*"))))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsBothTopicsAndPattern() {
        assertThatThrownBy(
                        () ->
                                factory.validate(
                                        options(
                                                Map.of(
                                                        "topics",
                                                        List.of("a"),
                                                        "topic-pattern",
                                                        "a.*"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].topics and sources[0].topic-pattern are both set; give one of them");
    }

    @Test
    void rejectsNeitherTopicsNorPattern() {
        assertThatThrownBy(() -> factory.validate(options(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0]: give the topics to read, either sources[0].topics (a list) or "
                                + "sources[0].topic-pattern (a regular expression)");
    }

    @Test
    void rejectsAnEmptyTopicList() {
        assertThatThrownBy(() -> factory.validate(options(Map.of("topics", List.of()))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sources[0].topics needs at least one topic name and no blank ones");
    }

    @Test
    void rejectsAnInvalidPattern() {
        assertThatThrownBy(() -> factory.validate(options(Map.of("topic-pattern", "shop.(orders"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].topic-pattern: 'shop.(orders' is not a valid regular expression: Unclosed group");
    }

    @Test
    void timestampStartNeedsAStartingTimestamp() {
        assertThatThrownBy(
                        () ->
                                factory.validate(
                                        options(
                                                Map.of(
                                                        "topics",
                                                        List.of("a"),
                                                        "starting-offsets",
                                                        "timestamp"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].starting-timestamp is required when starting-offsets is timestamp"
                                + " (epoch milliseconds or an ISO-8601 time such as"
                                + " 2026-11-24T10:00:00Z)");
        assertThatCode(
                        () ->
                                factory.validate(
                                        options(
                                                Map.of(
                                                        "topics",
                                                        List.of("a"),
                                                        "starting-offsets",
                                                        "timestamp",
                                                        "starting-timestamp",
                                                        1_700_000_000_000L))))
                .doesNotThrowAnyException();
    }

    @Test
    void startingTimestampWithoutTimestampStartIsRejected() {
        assertThatThrownBy(
                        () ->
                                factory.validate(
                                        options(
                                                Map.of(
                                                        "topics",
                                                        List.of("a"),
                                                        "starting-timestamp",
                                                        5L))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].starting-timestamp is only used with starting-offsets: timestamp, "
                                + "but starting-offsets is earliest");
    }

    @Test
    void consumerPropertiesThatHaveTheirOwnOptionAreRejected() {
        assertThatThrownBy(
                        () ->
                                factory.validate(
                                        options(
                                                Map.of("topics", List.of("a")),
                                                Map.of("group.id", "g"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].properties.group.id is not allowed; use sources[0].group-id");
    }

    @Test
    void secretsAreMaskedInTheLoggedProperties() {
        Map<String, String> shown =
                KafkaSourceFactory.masked(
                        Map.of(
                                "security.protocol", "SASL_SSL",
                                "sasl.jaas.config",
                                        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"x\";",
                                "ssl.truststore.password", "secret"));

        assertThat(shown)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "****")
                .containsEntry("ssl.truststore.password", "****");
    }
}

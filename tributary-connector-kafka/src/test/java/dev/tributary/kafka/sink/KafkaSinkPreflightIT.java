package dev.tributary.kafka.sink;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka sink's check before a pipeline starts, against the in-process broker, whose
 * transaction.max.timeout.ms is one hour.
 */
class KafkaSinkPreflightIT {
    @TempDir static Path dataDir;

    private static EmbeddedKafka kafka;

    private final KafkaSinkFactory factory = new KafkaSinkFactory();

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

    @Test
    void aTransactionTimeoutTheBrokersAllowPasses() {
        assertThatCode(() -> factory.preflight(sink("exactly-once", Duration.ofMinutes(10))))
                .doesNotThrowAnyException();
    }

    @Test
    void aTransactionTimeoutLongerThanTheBrokersAllowStopsTheStart() {
        assertThatThrownBy(() -> factory.preflight(sink("exactly-once", Duration.ofHours(2))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sinks[0].transaction-timeout: 7200000 ms is longer than the brokers allow"
                                + " (transaction.max.timeout.ms = 3600000 on "
                                + kafka.bootstrapServers()
                                + "): lower it, or raise the brokers' limit");
    }

    @Test
    void atLeastOnceOpensNoTransactionsSoItsTimeoutIsNotCompared() {
        assertThatCode(() -> factory.preflight(sink("at-least-once", Duration.ofHours(2))))
                .doesNotThrowAnyException();
    }

    private static Options sink(String delivery, Duration transactionTimeout) {
        Options options =
                new Options(
                        "sinks[0]",
                        Map.of(
                                "bootstrap-servers",
                                kafka.bootstrapServers(),
                                "topic-prefix",
                                "out",
                                "delivery",
                                delivery,
                                "transaction-timeout",
                                transactionTimeout),
                        Map.of("properties.", Map.of()));
        new KafkaSinkFactory().validate(options);
        return options;
    }
}

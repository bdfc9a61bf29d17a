package dev.tributary.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The launcher's log configuration leaves out exactly the warnings it names, nothing else. */
class LogConfigurationTest {
    private static final String TASK_CONTEXT =
            "io.debezium.connector.postgresql.PostgresTaskContext";
    private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
    private static final String TASK = "org.apache.flink.runtime.taskmanager.Task";
    private static final String CHECKPOINT_FAILURES =
            "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";

    private XmlConfiguration config;

    @BeforeEach
    void load() throws IOException {
        ConfigurationSource source =
                ConfigurationSource.fromResource("log4j2.xml", getClass().getClassLoader());
        config = new XmlConfiguration(new LoggerContext("log-configuration-test"), source);
        config.initialize();
        config.start();
    }

    @AfterEach
    void stop() {
        config.stop();
    }

    @Test
    void debeziumsWarningAboutTheBackFillSlotIsLeftOut() {
        assertThat(
                        shown(
                                TASK_CONTEXT,
                                "Connector has enabled automated replication slot removal upon"
                                        + " restart (slot.drop.on.stop = true). This setting is"
                                        + " not recommended for production environments, as a new"
                                        + " replication slot will be created after a connector"
                                        + " restart, resulting in missed data change events."))
                .isFalse();
        assertThat(shown(TASK_CONTEXT, "Some other warning")).isTrue();
    }

    @Test
    void theDoubleCloseAtTheBrokersShutdownIsLeftOutButNotAnUnreachableBroker() {
        assertThat(
                        shown(
                                NETWORK_CLIENT,
                                "[NodeToControllerChannelManager id=1 name=registration]"
                                        + " Attempting to close NetworkClient that has already"
                                        + " been closed."))
                .isFalse();
        assertThat(
                        shown(
                                NETWORK_CLIENT,
                                "[Consumer clientId=c, groupId=g] Connection to node -1"
                                        + " (localhost/127.0.0.1:9092) could not be established."
                                        + " Node may not be available."))
                .isTrue();
    }

    @Test
    void flinksFailedTaskAndCheckpointWarningsAreLeftOutForTheFailureReportersLines() {
        assertThat(
                        shown(
                                TASK,
                                "Source: kafka:web -> sink:wh: Writer (1/1)#0 (8b5c_bf8f_0_0)"
                                        + " switched from RUNNING to FAILED with failure cause:"))
                .isFalse();
        assertThat(
                        shown(
                                TASK,
                                "errors -> sink:wh:errors: Writer (1/1)#1 (8b5c_e30d_0_1)"
                                        + " switched from INITIALIZING to FAILED with failure"
                                        + " cause:"))
                .isFalse();
        assertThat(
                        shown(
                                CHECKPOINT_FAILURES,
                                "Failed to trigger or complete checkpoint 12 for job"
                                        + " a57740a78c00ec6658069db8fcb934cd. (0 consecutive"
                                        + " failed attempts so far)"))
                .isFalse();
        assertThat(shown(TASK, "Task did not exit gracefully within 180 + seconds.")).isTrue();
        assertThat(shown("dev.tributary.runtime.compose.FailureReporter", "restart 1 of 2"))
                .isTrue();
    }

    @Test
    void aBrokerThatIsAwayIsReportedTwicePerTwentySecondsNotAtEachReconnect() {
        String unreachable =
                "[Consumer clientId=c, groupId=g] Connection to node 1 (/127.0.0.1:9092) could not"
                        + " be established. Node may not be available.";
        int shown = 0;
        for (int i = 0; i < 20; i++) {
            shown += shown(NETWORK_CLIENT, unreachable) ? 1 : 0;
        }
        assertThat(shown).isBetween(2, 3);
    }

    @Test
    void failedOffsetCommitsWhileTheBrokersAreAwayAreReportedOnceAMinute() {
        String logger = "org.apache.flink.connector.kafka.source.reader.KafkaSourceReader";
        int shown = 0;
        for (int i = 0; i < 10; i++) {
            shown += shown(logger, "Failed to commit consumer offsets for checkpoint " + i) ? 1 : 0;
        }
        assertThat(shown).isBetween(1, 2);
    }

    private boolean shown(String logger, String message) {
        LogEvent event =
                Log4jLogEvent.newBuilder()
                        .setLoggerName(logger)
                        .setLevel(Level.WARN)
                        .setMessage(new SimpleMessage(message))
                        .build();
        var loggerConfig = config.getLoggerConfig(logger);
        return Level.WARN.isMoreSpecificThan(loggerConfig.getLevel())
                && !loggerConfig.isFiltered(event);
    }
}

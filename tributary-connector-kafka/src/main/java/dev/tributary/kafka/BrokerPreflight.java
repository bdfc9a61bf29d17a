package dev.tributary.kafka;

import static dev.tributary.kafka.KafkaSourceOptions.BOOTSTRAP_SERVERS;
import static dev.tributary.kafka.KafkaSourceOptions.PROPERTIES_PREFIX;
import static dev.tributary.kafka.KafkaSourceOptions.TOPICS;
import static dev.tributary.kafka.KafkaSourceOptions.TOPIC_PATTERN;

import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Checks a Kafka source against its brokers before the job is built: that they answer with the
 * source's client settings (address, security protocol, SASL, TLS), and that every topic under
 * {@code topics} exists. Without it, an address that is wrong, a password that is refused or a
 * listed topic that does not exist failed the running job, which Flink restarted {@code
 * restart-attempts} times, minutes of warnings before the run ended. A broker that goes away while
 * the pipeline runs is still ridden out by Flink's restarts.
 */
final class BrokerPreflight {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private BrokerPreflight() {}

    /**
     * @throws ConfigException naming the source and its keys when the brokers do not answer in
     *     {@link #TIMEOUT}, refuse the client, or lack a listed topic
     */
    static void check(Options options) {
        String bootstrap = options.get(BOOTSTRAP_SERVERS);
        int millis = (int) TIMEOUT.toMillis();
        try (Admin admin = Admin.create(adminSettings(options, millis))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .nodes()
                    .get(millis + 5_000L, TimeUnit.MILLISECONDS);
            List<String> topics = options.get(TOPICS);
            if (topics == null) {
                return;
            }
            Set<String> existing =
                    admin.listTopics(new ListTopicsOptions().timeoutMs(millis))
                            .names()
                            .get(millis + 5_000L, TimeUnit.MILLISECONDS);
            List<String> missing = new ArrayList<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new ConfigException(
                        options.pathOf(TOPICS)
                                + ": "
                                + (missing.size() == 1 ? "topic " : "topics ")
                                + String.join(", ", missing)
                                + (missing.size() == 1 ? " does" : " do")
                                + " not exist on "
                                + bootstrap
                                + (missing.size() == 1 ? ". Create it" : ". Create them")
                                + ", or read with "
                                + options.pathOf(TOPIC_PATTERN)
                                + ", which also picks up topics created later (Debezium creates a"
                                + " table's topic with its first change)");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(
                    options, bootstrap, e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(options, bootstrap, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            // Settings the client itself refuses, such as an unknown security protocol.
            throw unreachable(options, bootstrap, e);
        }
    }

    private static Properties adminSettings(Options options, int millis) {
        Properties settings =
                ClientSettings.of(
                        options.get(BOOTSTRAP_SERVERS),
                        options.withPrefix(PROPERTIES_PREFIX),
                        AdminClientConfig.configNames());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-preflight");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        return settings;
    }

    private static ConfigException unreachable(Options options, String bootstrap, Throwable e) {
        return new ConfigException(
                options.path()
                        + ": cannot read from Kafka at "
                        + bootstrap
                        + " ("
                        + options.pathOf(BOOTSTRAP_SERVERS)
                        + (options.withPrefix(PROPERTIES_PREFIX).isEmpty()
                                ? ""
                                : ", " + options.path() + "." + PROPERTIES_PREFIX + "*")
                        + ") within "
                        + TIMEOUT.toSeconds()
                        + " s: "
                        + e);
    }
}

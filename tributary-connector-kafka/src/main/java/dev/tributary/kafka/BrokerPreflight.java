package dev.tributary.kafka;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Asks a Kafka connector's brokers, before the job is built, what the connector's options count on:
 * that they answer with the connector's client settings (address, security protocol, SASL, TLS),
 * which topics exist, and how long they let a transaction stay open. Without such checks, an
 * address that is wrong, a login that is refused or a listed topic that does not exist failed the
 * running job, which Flink restarted {@code restart-attempts} times, minutes of warnings before the
 * run ended. A broker that goes away while the pipeline runs is still ridden out by Flink's
 * restarts. Closed after use.
 */
public final class BrokerPreflight implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final int MILLIS = (int) TIMEOUT.toMillis();

    private final Options options;
    private final ConfigOption<String> bootstrapOption;
    private final String propertiesPrefix;
    private final Admin admin;

    private BrokerPreflight(
            Options options,
            ConfigOption<String> bootstrapOption,
            String propertiesPrefix,
            Admin admin) {
        this.options = options;
        this.bootstrapOption = bootstrapOption;
        this.propertiesPrefix = propertiesPrefix;
        this.admin = admin;
    }

    /**
     * Connects with the connector's bootstrap servers and pass-through client properties and asks
     * for the cluster's brokers.
     *
     * @throws ConfigException naming the connector and its keys when the brokers do not answer
     *     within {@link #TIMEOUT} or refuse the client
     */
    public static BrokerPreflight connect(
            Options options, ConfigOption<String> bootstrapOption, String propertiesPrefix) {
        Properties settings =
                ClientSettings.of(
                        options.get(bootstrapOption),
                        options.withPrefix(propertiesPrefix),
                        AdminClientConfig.configNames());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-preflight");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, MILLIS);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, MILLIS);
        Admin admin;
        try {
            admin = Admin.create(settings);
        } catch (KafkaException e) {
            // Settings the client itself refuses, such as an unknown security protocol.
            throw unreachable(options, bootstrapOption, propertiesPrefix, e);
        }
        BrokerPreflight check =
                new BrokerPreflight(options, bootstrapOption, propertiesPrefix, admin);
        try {
            check.brokers();
            return check;
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    /** The names of the topics the client may see. */
    public Set<String> topics() {
        return answer(admin.listTopics(new ListTopicsOptions().timeoutMs(MILLIS)).names());
    }

    /**
     * The longest a transaction may stay open on a broker ({@code transaction.max.timeout.ms}), or
     * empty when the client may not read the brokers' configuration.
     */
    public Optional<Duration> transactionMaxTimeout() {
        Collection<Node> brokers = brokers();
        if (brokers.isEmpty()) {
            return Optional.empty();
        }
        ConfigResource broker =
                new ConfigResource(
                        ConfigResource.Type.BROKER, brokers.iterator().next().idString());
        Map<ConfigResource, Config> configs =
                answer(
                        admin.describeConfigs(
                                        List.of(broker),
                                        new DescribeConfigsOptions().timeoutMs(MILLIS))
                                .all(),
                        AuthorizationException.class::isInstance);
        if (configs == null) {
            return Optional.empty(); // no DescribeConfigs on the cluster: nothing to compare
        }
        Config config = configs.get(broker);
        ConfigEntry entry = config == null ? null : config.get("transaction.max.timeout.ms");
        return entry == null || entry.value() == null
                ? Optional.empty()
                : Optional.of(Duration.ofMillis(Long.parseLong(entry.value())));
    }

    private Collection<Node> brokers() {
        return answer(
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(MILLIS)).nodes());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private <T> T answer(KafkaFuture<T> future) {
        return answer(future, cause -> false);
    }

    /**
     * The future's value, or null when it failed for a cause that {@code tolerated} accepts.
     *
     * @throws ConfigException naming the connector and its keys for any other failure or a timeout
     */
    private <T> T answer(KafkaFuture<T> future, Predicate<Throwable> tolerated) {
        try {
            return future.get(MILLIS + 5_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (tolerated.test(e.getCause())) {
                return null;
            }
            throw unreachable(options, bootstrapOption, propertiesPrefix, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(options, bootstrapOption, propertiesPrefix, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(options, bootstrapOption, propertiesPrefix, e);
        }
    }

    private static ConfigException unreachable(
            Options options,
            ConfigOption<String> bootstrapOption,
            String propertiesPrefix,
            Throwable e) {
        return new ConfigException(
                options.path()
                        + ": cannot reach Kafka at "
                        + options.get(bootstrapOption)
                        + " ("
                        + options.pathOf(bootstrapOption)
                        + (options.withPrefix(propertiesPrefix).isEmpty()
                                ? ""
                                : ", " + options.path() + "." + propertiesPrefix + "*")
                        + ") within "
                        + TIMEOUT.toSeconds()
                        + " s: "
                        + e);
    }
}

package dev.tributary.embedded;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker+controller) inside this JVM, on free
 * loopback ports. Transactions and consumer groups work: the internal topics use one replica.
 *
 * <p>Thread-safe: {@link #createTopic} may be called concurrently; {@link #stop}, {@link #restart}
 * and {@link #close} are serialized, and {@link #close} is idempotent.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final String COORDINATOR_PROBE_GROUP = "tributary-embedded-coordinator-probe";

    private final Path dataDir;
    private final BrokerSettings settings;
    private final String bootstrapServers;
    private final BrokerPorts ports;
    private final Admin admin;

    /** The running broker; null while {@link #stop stopped}. */
    private KafkaRaftServer server;

    private boolean closed;

    private EmbeddedKafka(
            Path dataDir,
            BrokerSettings settings,
            KafkaRaftServer server,
            String bootstrapServers,
            BrokerPorts ports,
            Admin admin) {
        this.dataDir = dataDir;
        this.settings = settings;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.ports = ports;
        this.admin = admin;
    }

    /**
     * Formats {@code dataDir} as a KRaft log directory (kept as is when already formatted) and
     * starts the broker with the default settings ({@link BrokerSettings#DEFAULT}: topics exist
     * only once {@link #createTopic} made them, so that a test's topics have the partitions it
     * asked for). Blocks until the broker answers metadata requests and coordinates consumer
     * groups.
     *
     * @param dataDir the log directory; the caller owns it and deletes it after {@link #close}
     * @throws IllegalStateException when the broker does not start
     */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, BrokerSettings.DEFAULT);
    }

    /** {@link #start(Path)} with other settings. */
    public static EmbeddedKafka start(Path dataDir, BrokerSettings settings) {
        KafkaStorage.format(dataDir);
        for (int attempt = 1; ; attempt++) {
            BrokerPorts ports = BrokerPorts.pick(settings);
            KafkaRaftServer server =
                    new KafkaRaftServer(
                            KafkaBrokerConfig.create(dataDir, ports, settings), Time.SYSTEM);
            try {
                KafkaStartup.run(server);
            } catch (RuntimeException e) {
                shutdown(server);
                // Another process may take a port between our pick and the broker's bind.
                if (isBindClash(e, ports) && attempt < START_ATTEMPTS) {
                    LOG.info("One of the ports {} was taken meanwhile, retrying", ports);
                    continue;
                }
                throw new IllegalStateException(
                        "Kafka did not start on ports " + ports + " in " + dataDir, e);
            }
            String bootstrap = FreePorts.LOOPBACK + ":" + ports.plain();
            Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            EmbeddedKafka kafka =
                    new EmbeddedKafka(dataDir, settings, server, bootstrap, ports, admin);
            try {
                kafka.awaitBroker();
                kafka.awaitGroupCoordinator();
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            LOG.info("Kafka started on {} with log dir {}", bootstrap, dataDir);
            return kafka;
        }
    }

    /** Returns the address clients connect to, e.g. {@code 127.0.0.1:41234}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Returns the address of the listener that takes SASL/PLAIN logins (security protocol {@code
     * SASL_PLAINTEXT}).
     *
     * @throws IllegalStateException when the broker was started without SASL users
     */
    public String saslBootstrapServers() {
        if (ports.sasl() < 0) {
            throw new IllegalStateException(
                    "this broker has no SASL listener: start it with"
                            + " BrokerSettings.withSaslPlainUser");
        }
        return FreePorts.LOOPBACK + ":" + ports.sasl();
    }

    /**
     * Returns the address of the listener that speaks TLS (security protocol {@code SSL}).
     *
     * @throws IllegalStateException when the broker was started without a key store
     */
    public String tlsBootstrapServers() {
        if (ports.tls() < 0) {
            throw new IllegalStateException(
                    "this broker has no TLS listener: start it with BrokerSettings.withTls");
        }
        return FreePorts.LOOPBACK + ":" + ports.tls();
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader. Does
     * nothing when the topic already exists.
     *
     * @throws IllegalStateException when the topic cannot be created or does not become ready
     */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw failed("Could not create topic " + name, e);
        }
        // The controller has the topic now; producers need the broker's metadata cache to have it.
        Poll.until(
                "every partition of topic " + name + " to have a leader",
                TOPIC_TIMEOUT,
                () -> hasLeaders(describe(name)));
    }

    /**
     * Stops the broker as a crash or maintenance would, keeping its log directory and ports for
     * {@link #restart}: clients see it go away. Idempotent.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        shutdown(server);
        server = null;
        LOG.info("Kafka on {} stopped; its log dir {} is kept", bootstrapServers, dataDir);
    }

    /**
     * Starts the broker again on the same ports and log directory (stopping it first when it runs),
     * and waits until it answers and coordinates consumer groups. Topics, records and committed
     * offsets are as they were.
     *
     * @throws IllegalStateException when it does not start
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Kafka on " + bootstrapServers + " is closed");
        }
        stop();
        KafkaRaftServer restarted =
                new KafkaRaftServer(
                        KafkaBrokerConfig.create(dataDir, ports, settings), Time.SYSTEM);
        try {
            KafkaStartup.run(restarted);
        } catch (RuntimeException e) {
            shutdown(restarted);
            throw new IllegalStateException(
                    "Kafka did not start again on ports " + ports + " in " + dataDir, e);
        }
        server = restarted;
        awaitBroker();
        awaitGroupCoordinator();
        LOG.info("Kafka restarted on {}", bootstrapServers);
    }

    /** Stops the broker and waits for its shutdown. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Close the client first: once the broker is gone it would retry until its timeout.
        admin.close(Duration.ofSeconds(5));
        if (server != null) {
            shutdown(server);
            server = null;
        }
        LOG.info("Kafka on {} stopped", bootstrapServers);
    }

    private void awaitBroker() {
        // In KRaft the broker lists itself only once the controller has unfenced it.
        Poll.until(
                "the broker on " + bootstrapServers + " to answer metadata requests",
                START_TIMEOUT,
                () ->
                        !admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                                .nodes()
                                .get(5, TimeUnit.SECONDS)
                                .isEmpty());
    }

    /**
     * The broker creates its consumer offsets topic when a group first looks for its coordinator,
     * and answers "coordinator not available" until the topic has a leader. Flink's Kafka source
     * commits its first offsets asynchronously, without waiting for that, so the first commit after
     * a fresh start failed and was logged as a WARN with a stack trace. Looking up a group here
     * makes the broker create the topic now.
     */
    private void awaitGroupCoordinator() {
        Poll.until(
                "the broker on " + bootstrapServers + " to coordinate consumer groups",
                START_TIMEOUT,
                () -> {
                    admin.describeConsumerGroups(
                                    List.of(COORDINATOR_PROBE_GROUP),
                                    new DescribeConsumerGroupsOptions().timeoutMs(5_000))
                            .all()
                            .get(5, TimeUnit.SECONDS);
                    return true;
                });
    }

    private TopicDescription describe(String name) throws Exception {
        return admin.describeTopics(List.of(name))
                .allTopicNames()
                .get(5, TimeUnit.SECONDS)
                .get(name);
    }

    private static boolean hasLeaders(TopicDescription topic) {
        return topic.partitions().stream()
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private static void shutdown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * A broker listener reports its BindException; a controller listener only logs it and asks to
     * halt (see {@link KafkaStartup}), so a port that someone else holds now tells the clash too.
     */
    private static boolean isBindClash(Throwable e, BrokerPorts ports) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return ports.anyTaken();
    }

    private static IllegalStateException failed(String message, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(message, e);
    }
}

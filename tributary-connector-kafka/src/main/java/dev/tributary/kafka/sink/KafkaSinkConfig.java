package dev.tributary.kafka.sink;

import static dev.tributary.kafka.sink.KafkaSinkOptions.BOOTSTRAP_SERVERS;
import static dev.tributary.kafka.sink.KafkaSinkOptions.DELIVERY;
import static dev.tributary.kafka.sink.KafkaSinkOptions.DELIVERY_EXACTLY_ONCE;
import static dev.tributary.kafka.sink.KafkaSinkOptions.PROPERTIES_PREFIX;
import static dev.tributary.kafka.sink.KafkaSinkOptions.SCHEMAS;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TOPIC;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TOPIC_PREFIX;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX;
import static dev.tributary.kafka.sink.KafkaSinkOptions.TRANSACTION_TIMEOUT;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SinkContext;
import dev.tributary.kafka.ClientProperties;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The settings of one kafka sink, parsed once from its validated options. Immutable. */
public final class KafkaSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pipeline;
    private final String sinkName;
    private final TableId errorTable;
    private final String bootstrapServers;
    private final TopicTemplate topics;
    private final String serverName;
    private final boolean schemas;
    private final boolean exactlyOnce;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final Map<String, String> properties;

    private KafkaSinkConfig(
            String pipeline,
            String sinkName,
            TableId errorTable,
            String bootstrapServers,
            TopicTemplate topics,
            String serverName,
            boolean schemas,
            boolean exactlyOnce,
            String transactionalIdPrefix,
            Duration transactionTimeout,
            Map<String, String> properties) {
        this.pipeline = pipeline;
        this.sinkName = sinkName;
        this.errorTable = Objects.requireNonNull(errorTable, "errorTable");
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.serverName = serverName;
        this.schemas = schemas;
        this.exactlyOnce = exactlyOnce;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.transactionTimeout = transactionTimeout;
        this.properties = Map.copyOf(properties);
    }

    /** Reads the options of {@code context}, which {@link KafkaSinkFactory#validate} accepted. */
    public static KafkaSinkConfig from(SinkContext context) {
        Options o = context.options();
        String prefix = o.get(TOPIC_PREFIX);
        String txPrefix = o.get(TRANSACTIONAL_ID_PREFIX);
        return new KafkaSinkConfig(
                context.pipelineName(),
                context.sinkName(),
                context.errorTable(),
                o.get(BOOTSTRAP_SERVERS),
                TopicTemplate.parse(o.get(TOPIC), prefix),
                prefix != null ? prefix : context.pipelineName(),
                o.get(SCHEMAS),
                DELIVERY_EXACTLY_ONCE.equals(o.get(DELIVERY)),
                txPrefix != null
                        ? txPrefix
                        : "tributary-" + context.pipelineName() + "-" + context.sinkName(),
                o.get(TRANSACTION_TIMEOUT),
                new LinkedHashMap<>(o.withPrefix(PROPERTIES_PREFIX)));
    }

    public String pipeline() {
        return pipeline;
    }

    public String sinkName() {
        return sinkName;
    }

    /** Where records that cannot be encoded go, as error rows. */
    public TableId errorTable() {
        return errorTable;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    TopicTemplate topics() {
        return topics;
    }

    /** What each event's {@code source.name} says: the topic prefix, else the pipeline name. */
    public String serverName() {
        return serverName;
    }

    /** Whether keys and values carry the schema envelope. */
    public boolean schemas() {
        return schemas;
    }

    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** The producer settings: the pass-through properties and the transaction timeout. */
    public Properties producerProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(transactionTimeout.toMillis()));
        return p;
    }

    /** The effective settings for the log, with secrets masked. */
    @Override
    public String toString() {
        return "bootstrap-servers="
                + bootstrapServers
                + ", serverName="
                + serverName
                + ", schemas="
                + schemas
                + ", delivery="
                + (exactlyOnce ? "exactly-once" : "at-least-once")
                + (exactlyOnce ? ", transactional-id-prefix=" + transactionalIdPrefix : "")
                + ", transaction-timeout="
                + transactionTimeout
                + ", error-table="
                + errorTable
                + ", properties="
                + ClientProperties.masked(properties);
    }
}

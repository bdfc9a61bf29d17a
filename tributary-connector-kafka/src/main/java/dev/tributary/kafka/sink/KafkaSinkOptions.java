package dev.tributary.kafka.sink;

import dev.tributary.api.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** The options of a {@code type: kafka} sink block. */
public final class KafkaSinkOptions {
    private KafkaSinkOptions() {}

    public static final String DELIVERY_EXACTLY_ONCE = "exactly-once";
    public static final String DELIVERY_AT_LEAST_ONCE = "at-least-once";

    /** Prefix of Kafka producer properties passed through as they are. */
    public static final String PROPERTIES_PREFIX = "properties.";

    /** The topic of each target table unless {@link #TOPIC} says otherwise. */
    public static final String DEFAULT_TOPIC = "{prefix}.{schema}.{table}";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOption.string("bootstrap-servers")
                    .required()
                    .description("Kafka brokers to connect to, as host:port[,host:port...].");

    public static final ConfigOption<String> TOPIC_PREFIX =
            ConfigOption.string("topic-prefix")
                    .description(
                            "First part of every topic name, as Debezium's topic.prefix: events for"
                                    + " target table <schema>.<table> go to <topic-prefix>.<schema>.<table>."
                                    + " Also written as source.name in each event. Required unless topic"
                                    + " is set without {prefix}.");

    public static final ConfigOption<String> TOPIC =
            ConfigOption.string("topic")
                    .defaultValue(DEFAULT_TOPIC)
                    .description(
                            "The topic name of each target table, with the placeholders {prefix},"
                                    + " {schema} and {table}. A placeholder whose part is missing (a table"
                                    + " without schema) is dropped with one dot next to it. Characters Kafka"
                                    + " does not allow in topic names become _.");

    public static final ConfigOption<Boolean> SCHEMAS =
            ConfigOption.bool("schemas")
                    .defaultValue(true)
                    .description(
                            "Write key and value with the schema envelope {\"schema\":...,"
                                    + "\"payload\":...}, like JsonConverter with schemas.enable=true;"
                                    + " false writes the payload alone.");

    public static final ConfigOption<String> DELIVERY =
            ConfigOption.oneOf("delivery", DELIVERY_EXACTLY_ONCE, DELIVERY_AT_LEAST_ONCE)
                    .defaultValue(DELIVERY_EXACTLY_ONCE)
                    .description(
                            "exactly-once writes each checkpoint's records in one Kafka transaction,"
                                    + " committed when the checkpoint completes: consumers must read with"
                                    + " isolation.level=read_committed and see records only after each"
                                    + " checkpoint. at-least-once flushes on each checkpoint; after a failure"
                                    + " some records are written again.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOption.string("transactional-id-prefix")
                    .description(
                            "Prefix of the Kafka transactional ids of exactly-once writers. Default:"
                                    + " tributary-<pipeline>-<sink>. Must be unique per sink among all"
                                    + " applications writing to the same Kafka cluster, and stay the same"
                                    + " across restarts.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOption.duration("transaction-timeout")
                    .defaultValue(Duration.ofMinutes(10))
                    .description(
                            "How long Kafka keeps an open transaction before aborting it"
                                    + " (transaction.timeout.ms). Must not exceed the brokers'"
                                    + " transaction.max.timeout.ms (15 minutes by default), and must be"
                                    + " longer than the longest time between two checkpoints plus a"
                                    + " restart, or committed checkpoints may lose their records.");

    /** Every option, in the order the reference documentation lists them. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    TOPIC_PREFIX,
                    TOPIC,
                    SCHEMAS,
                    DELIVERY,
                    TRANSACTIONAL_ID_PREFIX,
                    TRANSACTION_TIMEOUT);
}

package dev.tributary.kafka;

import dev.tributary.api.config.ConfigOption;
import java.util.List;

/** The options of a {@code type: kafka} source block. */
public final class KafkaSourceOptions {
    private KafkaSourceOptions() {}

    /** Starting positions for a first run; afterwards the checkpointed offsets win. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST,
        TIMESTAMP,
        COMMITTED
    }

    public static final String FORMAT_DEBEZIUM_JSON = "debezium-json";
    public static final String FORMAT_JSON = "json";
    public static final String TRUNCATE_APPLY = "apply";
    public static final String TRUNCATE_SKIP = "skip";

    /** Prefix of Kafka consumer properties passed through as they are. */
    public static final String PROPERTIES_PREFIX = "properties.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOption.string("bootstrap-servers")
                    .required()
                    .description("Kafka brokers to connect to, as host:port[,host:port...].");

    public static final ConfigOption<List<String>> TOPICS =
            ConfigOption.stringList("topics")
                    .description("Topics to read. Give this or topic-pattern, not both.");

    public static final ConfigOption<String> TOPIC_PATTERN =
            ConfigOption.string("topic-pattern")
                    .description(
                            "A Java regular expression; every topic whose whole name matches is read,"
                                    + " including topics created later. Give this or topics, not both.");

    public static final ConfigOption<String> FORMAT =
            ConfigOption.oneOf("format", FORMAT_DEBEZIUM_JSON, FORMAT_JSON)
                    .defaultValue(FORMAT_DEBEZIUM_JSON)
                    .description(
                            "How record values are encoded: debezium-json (Debezium change events"
                                    + " through JsonConverter, with or without the schema envelope) or json (one"
                                    + " flat object per record, read as an insert against the columns declared"
                                    + " for the table under tables:).");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOption.string("group-id")
                    .description(
                            "Kafka consumer group. Default: tributary-<pipeline>-<source>. Offsets"
                                    + " are committed to it on each checkpoint, for monitoring and for"
                                    + " starting-offsets: committed.");

    public static final ConfigOption<String> STARTING_OFFSETS =
            ConfigOption.oneOf("starting-offsets", StartingOffsets.class)
                    .defaultValue("earliest")
                    .description(
                            "Where a first run starts: earliest, latest, timestamp (see"
                                    + " starting-timestamp) or committed (the group's committed offsets, earliest"
                                    + " where there are none). A run restored from a checkpoint or savepoint"
                                    + " continues from its checkpointed offsets instead.");

    public static final ConfigOption<Long> STARTING_TIMESTAMP =
            ConfigOption.epochMillis("starting-timestamp")
                    .description(
                            "With starting-offsets: timestamp, each partition starts at its first"
                                    + " record with a timestamp at or after this time (epoch"
                                    + " milliseconds or ISO-8601 with an offset, e.g."
                                    + " 2026-11-24T10:00:00Z).");

    public static final ConfigOption<String> TRUNCATE =
            ConfigOption.oneOf("truncate", TRUNCATE_APPLY, TRUNCATE_SKIP)
                    .defaultValue(TRUNCATE_APPLY)
                    .description(
                            "What to do with Debezium truncate events (op t): apply passes them on"
                                    + " as TRUNCATE events; skip drops them.");

    /** Every option, in the order the reference documentation lists them. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    TOPICS,
                    TOPIC_PATTERN,
                    FORMAT,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    STARTING_TIMESTAMP,
                    TRUNCATE);
}

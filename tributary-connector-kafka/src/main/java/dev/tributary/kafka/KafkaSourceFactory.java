package dev.tributary.kafka;

import static dev.tributary.kafka.KafkaSourceOptions.BOOTSTRAP_SERVERS;
import static dev.tributary.kafka.KafkaSourceOptions.FORMAT;
import static dev.tributary.kafka.KafkaSourceOptions.GROUP_ID;
import static dev.tributary.kafka.KafkaSourceOptions.PROPERTIES_PREFIX;
import static dev.tributary.kafka.KafkaSourceOptions.STARTING_OFFSETS;
import static dev.tributary.kafka.KafkaSourceOptions.STARTING_TIMESTAMP;
import static dev.tributary.kafka.KafkaSourceOptions.TOPICS;
import static dev.tributary.kafka.KafkaSourceOptions.TOPIC_PATTERN;
import static dev.tributary.kafka.KafkaSourceOptions.TRUNCATE;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.flink.EventTypeInfo;
import dev.tributary.api.spi.ProgressProbe;
import dev.tributary.api.spi.SourceContext;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.api.spi.SourceStreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} source: reads topics with Flink's KafkaSource (offsets in checkpoints) and
 * decodes each record as {@code debezium-json} or {@code json}. Records that cannot be decoded come
 * out of the error stream.
 */
public final class KafkaSourceFactory implements SourceFactory {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceFactory.class);

    /**
     * Consumer settings that have their own option, and so may not come through {@code
     * properties.}.
     */
    private static final Map<String, ConfigOption<?>> OWN_SETTINGS =
            Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    BOOTSTRAP_SERVERS,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    GROUP_ID);

    @Override
    public String identifier() {
        return "kafka";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return KafkaSourceOptions.ALL;
    }

    @Override
    public List<String> passThroughPrefixes() {
        return List.of(PROPERTIES_PREFIX);
    }

    @Override
    public void validate(Options options) {
        List<String> topics = options.get(TOPICS);
        String pattern = options.get(TOPIC_PATTERN);
        if (topics != null && pattern != null) {
            throw new ConfigException(
                    options.pathOf(TOPICS)
                            + " and "
                            + options.pathOf(TOPIC_PATTERN)
                            + " are both set; give one of them");
        }
        if (topics == null && pattern == null) {
            throw new ConfigException(
                    options.path()
                            + ": give the topics to read, either "
                            + options.pathOf(TOPICS)
                            + " (a list) or "
                            + options.pathOf(TOPIC_PATTERN)
                            + " (a regular expression)");
        }
        if (topics != null
                && (topics.isEmpty() || topics.stream().anyMatch(t -> t == null || t.isBlank()))) {
            throw new ConfigException(
                    options.pathOf(TOPICS) + " needs at least one topic name and no blank ones");
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(
                        options.pathOf(TOPIC_PATTERN)
                                + ": '"
                                + pattern
                                + "' is not a valid regular expression: "
                                + e.getDescription());
            }
        }
        boolean byTimestamp = "timestamp".equals(options.get(STARTING_OFFSETS));
        if (byTimestamp && options.get(STARTING_TIMESTAMP) == null) {
            throw new ConfigException(
                    options.pathOf(STARTING_TIMESTAMP)
                            + " is required when starting-offsets is timestamp (epoch milliseconds"
                            + " or an ISO-8601 time such as 2026-11-24T10:00:00Z)");
        }
        if (!byTimestamp && options.get(STARTING_TIMESTAMP) != null) {
            throw new ConfigException(
                    options.pathOf(STARTING_TIMESTAMP)
                            + " is only used with starting-offsets: timestamp, but starting-offsets is "
                            + options.get(STARTING_OFFSETS));
        }
        if (byTimestamp && options.get(STARTING_TIMESTAMP) < 0) {
            throw new ConfigException(
                    options.pathOf(STARTING_TIMESTAMP)
                            + " must not be before 1970-01-01T00:00:00Z");
        }
        for (Map.Entry<String, ConfigOption<?>> own : OWN_SETTINGS.entrySet()) {
            if (options.withPrefix(PROPERTIES_PREFIX).containsKey(own.getKey())) {
                throw new ConfigException(
                        options.path()
                                + "."
                                + PROPERTIES_PREFIX
                                + own.getKey()
                                + " is not allowed; use "
                                + options.pathOf(own.getValue()));
            }
        }
    }

    /** The brokers answer with the source's client settings, and every listed topic exists. */
    @Override
    public void preflight(Options options) {
        try (BrokerPreflight brokers =
                BrokerPreflight.connect(options, BOOTSTRAP_SERVERS, PROPERTIES_PREFIX)) {
            List<String> topics = options.get(TOPICS);
            if (topics == null) {
                return;
            }
            List<String> missing = new ArrayList<>(topics);
            missing.removeAll(brokers.topics());
            if (!missing.isEmpty()) {
                boolean one = missing.size() == 1;
                throw new ConfigException(
                        options.pathOf(TOPICS)
                                + ": "
                                + (one ? "topic " : "topics ")
                                + String.join(", ", missing)
                                + (one ? " does" : " do")
                                + " not exist on "
                                + options.get(BOOTSTRAP_SERVERS)
                                + (one ? ". Create it" : ". Create them")
                                + ", or read with "
                                + options.pathOf(TOPIC_PATTERN)
                                + ", which also picks up topics created later (Debezium creates a"
                                + " table's topic with its first change)");
            }
        }
    }

    @Override
    public SourceStreams create(SourceContext context) {
        Options options = context.options();
        String name = context.sourceName();
        String groupId = groupId(context);
        KafkaSourceBuilder<KafkaRecord> builder =
                KafkaSource.<KafkaRecord>builder()
                        .setBootstrapServers(options.get(BOOTSTRAP_SERVERS))
                        .setGroupId(groupId)
                        .setClientIdPrefix("tributary-" + context.pipelineName() + "-" + name)
                        .setStartingOffsets(startingOffsets(options))
                        .setDeserializer(new KafkaRecordDeserializer());
        List<String> topics = options.get(TOPICS);
        if (topics != null) {
            builder.setTopics(topics);
        } else {
            builder.setTopicPattern(Pattern.compile(options.get(TOPIC_PATTERN)));
        }
        Properties properties = new Properties();
        properties.putAll(options.withPrefix(PROPERTIES_PREFIX));
        builder.setProperties(properties);
        LOG.info(
                "Kafka source '{}': bootstrap-servers={}, {}, format={}, group-id={}, starting-offsets={},"
                        + " truncate={}, properties={}",
                name,
                options.get(BOOTSTRAP_SERVERS),
                topics != null ? "topics=" + topics : "topic-pattern=" + options.get(TOPIC_PATTERN),
                options.get(FORMAT),
                groupId,
                options.get(STARTING_TIMESTAMP) == null
                        ? options.get(STARTING_OFFSETS)
                        : "timestamp " + Instant.ofEpochMilli(options.get(STARTING_TIMESTAMP)),
                options.get(TRUNCATE),
                masked(options.withPrefix(PROPERTIES_PREFIX)));

        DataStream<KafkaRecord> raw =
                context.environment()
                        .fromSource(
                                builder.build(),
                                WatermarkStrategy.noWatermarks(),
                                "kafka:" + name,
                                KafkaRecord.TYPE)
                        .uid("kafka-source:" + name);
        DecodeFunction decode =
                new DecodeFunction(
                        name,
                        options.get(FORMAT),
                        KafkaSourceOptions.TRUNCATE_APPLY.equals(options.get(TRUNCATE)),
                        context.declarations());
        SingleOutputStreamOperator<ChangeEvent> events =
                raw.process(decode, EventTypeInfo.CHANGE_EVENT)
                        .name("decode:" + name)
                        .uid("kafka-decode:" + name);
        DataStream<ErrorRecord> errors = events.getSideOutput(DecodeFunction.ERRORS);
        return new SourceStreams(events, errors);
    }

    static String groupId(SourceContext context) {
        return groupId(context.pipelineName(), context.sourceName(), context.options());
    }

    /** {@code group-id}, or {@code tributary-<pipeline>-<source>}. */
    static String groupId(String pipelineName, String sourceName, Options options) {
        String configured = options.get(GROUP_ID);
        return configured != null ? configured : "tributary-" + pipelineName + "-" + sourceName;
    }

    /**
     * Follows this source's consumer group on those of {@code tables} (topic names) that it reads;
     * empty when it reads none of them.
     */
    @Override
    public Optional<ProgressProbe> progressProbe(
            String pipelineName, String sourceName, Options options, List<TableId> tables) {
        List<String> topics = options.get(TOPICS);
        Pattern pattern = topics == null ? Pattern.compile(options.get(TOPIC_PATTERN)) : null;
        Set<String> read = new TreeSet<>();
        for (TableId t : tables) {
            String topic = t.text();
            if (topics != null ? topics.contains(topic) : pattern.matcher(topic).matches()) {
                read.add(topic);
            }
        }
        if (read.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new GroupProgress(
                        options.get(BOOTSTRAP_SERVERS),
                        options.withPrefix(PROPERTIES_PREFIX),
                        groupId(pipelineName, sourceName, options),
                        new ArrayList<>(read)));
    }

    static OffsetsInitializer startingOffsets(Options options) {
        String mode = options.get(STARTING_OFFSETS);
        switch (KafkaSourceOptions.StartingOffsets.valueOf(mode.toUpperCase(Locale.ROOT))) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case TIMESTAMP:
                return OffsetsInitializer.timestamp(options.get(STARTING_TIMESTAMP));
            case COMMITTED:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                throw new IllegalStateException("unknown starting-offsets " + mode);
        }
    }

    /** The consumer properties for the log, with passwords and JAAS settings masked. */
    static Map<String, String> masked(Map<String, String> properties) {
        return ClientProperties.masked(properties);
    }
}

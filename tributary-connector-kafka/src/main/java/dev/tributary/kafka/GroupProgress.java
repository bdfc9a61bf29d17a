package dev.tributary.kafka;

import dev.tributary.api.error.RetriableException;
import dev.tributary.api.error.TributaryException;
import dev.tributary.api.spi.Progress;
import dev.tributary.api.spi.ProgressProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows a Kafka source's consumer group through its topics: the mark is the end offset of every
 * partition as a {@code read_committed} consumer sees it (the last stable offset), and the group
 * has passed it once its committed offsets reach those ends. Flink commits the group's offsets when
 * a checkpoint completes, so by then the pipeline has committed every record up to the mark.
 *
 * <p>Flink commits the offset after the last record it read, while the end offset of a topic that a
 * transactional producer writes lies after the transaction's commit marker. A committed offset
 * short of the end therefore counts as passed when no committed record lies between the two, which
 * a consumer without a group checks by reading from the committed offset.
 *
 * <p>Not thread-safe; the clients are created on first use.
 */
final class GroupProgress implements ProgressProbe {
    static final String UNIT = "records";

    private static final long REQUEST_SECONDS = 10;
    private static final Duration SCAN = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final Map<String, String> properties;
    private final String group;
    private final List<String> topics;
    private final Set<TopicPartition> passed = new HashSet<>();
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> reader;
    private Map<TopicPartition, Long> end;
    private Map<TopicPartition, Long> start;

    /**
     * @param bootstrapServers the brokers
     * @param properties the source's {@code properties.} entries (security settings); not logged
     * @param group the source's consumer group
     * @param topics the topics to follow
     */
    GroupProgress(
            String bootstrapServers,
            Map<String, String> properties,
            String group,
            List<String> topics) {
        this.bootstrapServers = bootstrapServers;
        this.properties = Map.copyOf(properties);
        this.group = group;
        this.topics = List.copyOf(topics);
    }

    @Override
    public String description() {
        return "consumer group "
                + group
                + " on "
                + topics.size()
                + (topics.size() == 1 ? " topic" : " topics");
    }

    @Override
    public String mark() {
        List<TopicPartition> partitions = partitions();
        end = offsets(partitions, OffsetSpec.latest());
        start = offsets(partitions, OffsetSpec.earliest());
        long records = 0;
        for (TopicPartition tp : partitions) {
            records += end.get(tp) - start.get(tp);
        }
        return "the end offsets of "
                + partitions.size()
                + (partitions.size() == 1 ? " partition" : " partitions")
                + " ("
                + records
                + " offsets)";
    }

    @Override
    public Progress progress() {
        if (end == null) {
            throw new IllegalStateException("mark() first");
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(
                        admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                        "read the offsets of consumer group " + group);
        Map<TopicPartition, Long> open = new LinkedHashMap<>();
        int uncommitted = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            TopicPartition tp = e.getKey();
            if (passed.contains(tp)) {
                continue;
            }
            OffsetAndMetadata c = committed.get(tp);
            if (c == null) {
                uncommitted++;
            }
            long from = c == null ? start.get(tp) : c.offset();
            if (from >= e.getValue()) {
                passed.add(tp);
            } else {
                open.put(tp, from);
            }
        }
        if (!open.isEmpty()) {
            scan(open);
        }
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> e : open.entrySet()) {
            behind += end.get(e.getKey()) - e.getValue();
        }
        String detail =
                "group "
                        + group
                        + " committed "
                        + passed.size()
                        + " of "
                        + end.size()
                        + " partitions up to the mark"
                        + (uncommitted > 0 ? ", " + uncommitted + " not at all yet" : "");
        return open.isEmpty()
                ? new Progress(true, 0, UNIT, detail)
                : new Progress(false, behind, UNIT, detail);
    }

    /**
     * Reads each open partition from the committed offset: a record before the end offset means the
     * group is behind; reaching the end without one means that only transaction markers (or aborted
     * records) were left, and the group has passed. Removes the passed ones from {@code open}.
     */
    private void scan(Map<TopicPartition, Long> open) {
        KafkaConsumer<byte[], byte[]> consumer = reader();
        consumer.assign(open.keySet());
        open.forEach(consumer::seek);
        Set<TopicPartition> unresolved = new HashSet<>(open.keySet());
        long deadline = System.nanoTime() + SCAN.toNanos();
        while (!unresolved.isEmpty() && System.nanoTime() - deadline < 0) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp)) {
                    unresolved.remove(tp);
                }
            }
            for (TopicPartition tp : new ArrayList<>(unresolved)) {
                if (consumer.position(tp) >= end.get(tp)) {
                    unresolved.remove(tp);
                    open.remove(tp);
                    passed.add(tp);
                }
            }
        }
        consumer.assign(List.of());
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> described =
                admin().describeTopics(topics).topicNameValues();
        for (String topic : topics) {
            try {
                TopicDescription d = described.get(topic).get(REQUEST_SECONDS, TimeUnit.SECONDS);
                for (TopicPartitionInfo p : d.partitions()) {
                    out.add(new TopicPartition(topic, p.partition()));
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw failure("describe topic " + topic, e.getCause());
                }
                // Not created yet: nothing was written to it, so nothing to wait for.
            } catch (TimeoutException e) {
                throw failure("describe topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TributaryException("interrupted while describing topic " + topic, e);
            }
        }
        return out;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions) {
            request.put(tp, spec);
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        get(
                        admin().listOffsets(
                                        request,
                                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                .all(),
                        "list the offsets of " + topics)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(REQUEST_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (TimeoutException e) {
            throw failure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryException("interrupted while trying to " + what, e);
        }
    }

    private TributaryException failure(String what, Throwable cause) {
        String message = "cannot " + what + " at " + bootstrapServers + ": " + cause.getMessage();
        if (cause instanceof TimeoutException
                || cause instanceof org.apache.kafka.common.errors.RetriableException) {
            return new RetriableException(message, cause);
        }
        return new TributaryException(message, cause);
    }

    private Admin admin() {
        if (admin == null) {
            Properties p = client(AdminClientConfig.configNames());
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-verify-" + group);
            admin = Admin.create(p);
        }
        return admin;
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        if (reader == null) {
            Properties p = client(ConsumerConfig.configNames());
            // No group: this consumer only looks, it must not move the pipeline's offsets.
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "16");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-verify-" + group);
            reader =
                    new KafkaConsumer<>(
                            p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return reader;
    }

    /** The bootstrap servers and those {@code properties.} entries that the client knows. */
    private Properties client(Set<String> known) {
        return ClientSettings.of(bootstrapServers, properties, known);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close(Duration.ofSeconds(5));
            reader = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}

package dev.tributary.app.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the committed records in the demo's topics: the end offsets a read_committed consumer
 * sees, summed. They include the tombstones that follow deletes and Kafka's transaction markers, so
 * they run somewhat ahead of the change count.
 */
final class KafkaBacklog implements AutoCloseable {
    private final Admin admin;
    private final List<String> topics;

    KafkaBacklog(String bootstrapServers, List<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        this.admin = Admin.create(p);
        this.topics = topics;
    }

    /** The committed records over all topics (single-partition topics), or -1 when unknown. */
    long committedRecords() {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String t : topics) {
            request.put(new TopicPartition(t, 0), OffsetSpec.latest());
        }
        try {
            long total = 0;
            for (var e :
                    admin.listOffsets(
                                    request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all()
                            .get(5, TimeUnit.SECONDS)
                            .values()) {
                total += e.offset();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}

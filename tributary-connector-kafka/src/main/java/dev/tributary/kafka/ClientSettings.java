package dev.tributary.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The settings of a Kafka client that tributary opens beside a source's own consumer (an admin
 * client, a consumer that reads committed offsets): the source's bootstrap servers and those of its
 * pass-through properties that this kind of client knows, so that security settings reach it and
 * consumer-only ones (such as {@code isolation.level}) are not logged as unknown.
 */
final class ClientSettings {
    private ClientSettings() {}

    /**
     * @param properties the source's {@code properties.*} entries, without the prefix
     * @param known the configuration names of the client's kind, e.g. {@code
     *     AdminClientConfig.configNames()}
     */
    static Properties of(
            String bootstrapServers, Map<String, String> properties, Set<String> known) {
        Properties p = new Properties();
        properties.forEach(
                (key, value) -> {
                    if (known.contains(key)) {
                        p.put(key, value);
                    }
                });
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }
}

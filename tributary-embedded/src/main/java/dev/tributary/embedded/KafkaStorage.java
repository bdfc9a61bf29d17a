package dev.tributary.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a KRaft log directory, what {@code kafka-storage.sh format} does. */
final class KafkaStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorage.class);

    private KafkaStorage() {}

    /**
     * Writes meta.properties and the bootstrap metadata into {@code logDir}, unless it is already
     * formatted: then it stays as it is, so a broker can restart on its old data.
     */
    static void format(Path logDir) {
        String dir = logDir.toAbsolutePath().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(KafkaBrokerConfig.NODE_ID)
                    .setClusterId(clusterId(dir))
                    .setDirectories(List.of(dir))
                    .setMetadataLogDirectory(dir)
                    // Required by run() even with a static quorum ("You must specify the name of
                    // the initial controller listener").
                    .setControllerListenerName(KafkaBrokerConfig.CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka log dir " + dir, e);
        }
        LOG.debug("Formatted {}: {}", dir, out.toString(StandardCharsets.UTF_8).trim());
    }

    /**
     * The formatter skips a formatted directory only if the cluster id matches the one in its
     * meta.properties; any other id fails with "Invalid cluster.id".
     */
    private static String clusterId(String dir) throws IOException {
        return new MetaPropertiesEnsemble.Loader()
                .addLogDirs(List.of(dir))
                .load()
                .clusterId()
                .orElseGet(() -> Uuid.randomUuid().toString());
    }
}

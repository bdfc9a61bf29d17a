package dev.tributary.runtime.compose;

import dev.tributary.api.error.TributaryException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * One Flink MiniCluster in this JVM that several pipelines share, as {@code tributary demo} runs
 * its capture and apply pipelines side by side. Each pipeline keeps its own job configuration
 * (checkpoints, state directory, restart strategy); the cluster only provides the task slots.
 */
public final class LocalCluster implements AutoCloseable {
    private final MiniCluster cluster;

    private LocalCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a cluster with {@code slots} task slots in one task manager. */
    public static LocalCluster start(int slots) {
        Configuration conf = new Configuration();
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(slots));
        // Several jobs share the network buffers of one task manager (a MiniCluster needs a fixed
        // size).
        conf.setString("taskmanager.memory.network.min", "128 mb");
        conf.setString("taskmanager.memory.network.max", "128 mb");
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            throw new TributaryException("the local Flink cluster did not start: " + e, e);
        }
        return new LocalCluster(cluster);
    }

    MiniCluster miniCluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}

package dev.tributary.runtime.compose;

import dev.tributary.api.error.TributaryException;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.scheduler.ExecutionGraphInfo;

/**
 * One Flink MiniCluster in this JVM. {@code tributary run} starts one per pipeline; {@code
 * tributary demo} runs its capture and apply pipelines side by side in one. Each pipeline keeps its
 * own job configuration (checkpoints, state directory, restart strategy); the cluster only provides
 * the task slots.
 */
public final class LocalCluster implements AutoCloseable {
    private final InspectableMiniCluster cluster;

    private LocalCluster(InspectableMiniCluster cluster) {
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
        // A free port for Flink's REST endpoint, as Flink's own local executor picks: two runs on
        // one
        // machine must not compete for the default 8081.
        conf.set(RestOptions.BIND_PORT, "0");
        InspectableMiniCluster cluster =
                new InspectableMiniCluster(
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

    /** Submits {@code job}; the cluster stays up when it ends. */
    JobClient submit(JobGraph job, ClassLoader loader) throws Exception {
        JobID id = cluster.submitJob(job).get().getJobID();
        return new MiniClusterJobClient(
                id, cluster, loader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
    }

    /** The job's execution graph with its failure history, as Flink's web UI shows it. */
    CompletableFuture<ExecutionGraphInfo> executionGraphInfo(JobID job) {
        return cluster.executionGraphInfo(job);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /**
     * A MiniCluster that also answers for a job's failure history (its dispatcher is protected).
     */
    private static final class InspectableMiniCluster extends MiniCluster {
        private static final long TIMEOUT_SECONDS = 10;

        InspectableMiniCluster(MiniClusterConfiguration configuration) {
            super(configuration);
        }

        // Flink 1.20's dispatcher takes its timeout only as the deprecated Time.
        @SuppressWarnings("deprecation")
        CompletableFuture<ExecutionGraphInfo> executionGraphInfo(JobID job) {
            return getDispatcherGatewayFuture()
                    .thenCompose(
                            gateway ->
                                    gateway.requestExecutionGraphInfo(
                                            job, Time.seconds(TIMEOUT_SECONDS)));
        }
    }
}

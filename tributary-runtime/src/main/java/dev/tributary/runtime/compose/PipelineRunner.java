package dev.tributary.runtime.compose;

import dev.tributary.api.error.TributaryException;
import dev.tributary.runtime.config.PipelineDefinition;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a pipeline in this JVM (a Flink MiniCluster), resuming from the newest checkpoint or
 * savepoint in its state directory.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    /** Builds and submits the job to a cluster of its own; returns once it is submitted. */
    public RunningPipeline start(PipelineDefinition def) {
        return start(def, null);
    }

    /**
     * Builds and submits the job to {@code cluster}, or to a cluster of its own when null; returns
     * once it is submitted.
     */
    public RunningPipeline start(PipelineDefinition def, LocalCluster cluster) {
        String name = def.settings().name();
        Optional<Path> resume = new CheckpointLocator(def.settings().stateDir()).latest();
        LOG.info("pipeline {}: effective configuration\n{}", name, def.maskedText().trim());
        if (resume.isPresent()) {
            LOG.info("pipeline {}: resuming from {}", name, resume.get());
        } else {
            LOG.info(
                    "pipeline {}: no checkpoint in {}, starting from the sources' initial positions",
                    name,
                    def.settings().stateDir());
        }
        preflight(def);
        Configuration conf = JobSettings.of(def.settings(), resume);
        StreamExecutionEnvironment env =
                cluster == null
                        ? StreamExecutionEnvironment.getExecutionEnvironment(conf)
                        : new StreamExecutionEnvironment(conf);
        new PipelineComposer().compose(def, env);
        try {
            JobClient client =
                    cluster == null ? env.executeAsync(name) : submit(env, name, resume, cluster);
            LOG.info("pipeline {}: running as Flink job {}", name, client.getJobID());
            return new RunningPipeline(
                    name, client, new CheckpointLocator(def.settings().stateDir()));
        } catch (Exception e) {
            throw new TributaryException(
                    "pipeline " + name + " could not start: " + e.getMessage(), e);
        }
    }

    /** Every source's and sink's {@link dev.tributary.api.spi.Factory#preflight}, in file order. */
    private static void preflight(PipelineDefinition def) {
        long started = System.nanoTime();
        def.sources().forEach(s -> s.factory().preflight(s.options()));
        def.sinks().forEach(s -> s.factory().preflight(s.options()));
        LOG.debug(
                "pipeline {}: sources and sinks answered in {} ms",
                def.settings().name(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Submits the job to a shared cluster, with the savepoint to resume from. */
    private static JobClient submit(
            StreamExecutionEnvironment env,
            String name,
            Optional<Path> resume,
            LocalCluster cluster)
            throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        ClassLoader loader = PipelineRunner.class.getClassLoader();
        JobGraph job = graph.getJobGraph(loader, null);
        job.setSavepointRestoreSettings(
                resume.map(p -> SavepointRestoreSettings.forPath(p.toUri().toString(), false))
                        .orElse(SavepointRestoreSettings.none()));
        MiniCluster mini = cluster.miniCluster();
        JobID id = mini.submitJob(job).get().getJobID();
        return new MiniClusterJobClient(
                id, mini, loader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
    }
}

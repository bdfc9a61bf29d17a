package dev.tributary.runtime.compose;

import dev.tributary.api.error.TributaryException;
import dev.tributary.runtime.config.PipelineDefinition;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
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

    /**
     * Builds and submits the job to a cluster of its own, which closes when the job ends; returns
     * once it is submitted.
     */
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
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        new PipelineComposer().compose(def, env);
        LocalCluster target =
                cluster == null ? LocalCluster.start(def.settings().parallelism()) : cluster;
        try {
            ClassLoader loader = PipelineRunner.class.getClassLoader();
            JobClient client = submit(env, name, resume, target, loader);
            LOG.info("pipeline {}: running as Flink job {}", name, client.getJobID());
            FailureReporter reporter =
                    FailureReporter.start(def.settings(), target, client.getJobID(), loader);
            CompletableFuture<JobExecutionResult> ended = client.getJobExecutionResult();
            // The job has ended once its last restarts are reported and a cluster of its own is
            // closed: whoever waits for it sees the log complete.
            CompletableFuture<JobExecutionResult> reported =
                    ended.handle((result, failure) -> null)
                            .thenCompose(ignored -> reporter.finish())
                            .whenComplete(
                                    (ignored, failure) -> {
                                        if (cluster == null) {
                                            closeQuietly(target);
                                        }
                                    })
                            .thenCompose(ignored -> ended);
            return new RunningPipeline(def.settings(), client, reported);
        } catch (Exception e) {
            if (cluster == null) {
                closeQuietly(target);
            }
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

    /** Submits the job to {@code cluster}, with the savepoint to resume from. */
    private static JobClient submit(
            StreamExecutionEnvironment env,
            String name,
            Optional<Path> resume,
            LocalCluster cluster,
            ClassLoader loader)
            throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        JobGraph job = graph.getJobGraph(loader, null);
        job.setSavepointRestoreSettings(
                resume.map(p -> SavepointRestoreSettings.forPath(p.toUri().toString(), false))
                        .orElse(SavepointRestoreSettings.none()));
        return cluster.submit(job, loader);
    }

    private static void closeQuietly(LocalCluster cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.debug("the pipeline's cluster did not close cleanly", e);
        }
    }
}

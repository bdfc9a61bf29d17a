package dev.tributary.runtime.compose;

import dev.tributary.api.error.TributaryException;
import dev.tributary.runtime.config.PipelineDefinition;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a pipeline in this JVM (a Flink MiniCluster), resuming from the newest checkpoint or
 * savepoint in its state directory.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    /** Builds and submits the job; returns once it is submitted. */
    public RunningPipeline start(PipelineDefinition def) {
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
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobSettings.of(def.settings(), resume));
        new PipelineComposer().compose(def, env);
        try {
            JobClient client = env.executeAsync(name);
            LOG.info("pipeline {}: running as Flink job {}", name, client.getJobID());
            return new RunningPipeline(
                    name, client, new CheckpointLocator(def.settings().stateDir()));
        } catch (Exception e) {
            throw new TributaryException(
                    "pipeline " + name + " could not start: " + e.getMessage(), e);
        }
    }
}

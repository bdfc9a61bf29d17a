package dev.tributary.runtime.compose;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A submitted pipeline: wait for it, or stop it with a savepoint so the next start resumes there.
 */
public final class RunningPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RunningPipeline.class);

    private final String name;
    private final JobClient client;
    private final CheckpointLocator locator;

    RunningPipeline(String name, JobClient client, CheckpointLocator locator) {
        this.name = name;
        this.client = client;
        this.locator = locator;
    }

    public String name() {
        return name;
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get(30, TimeUnit.SECONDS);
    }

    /** Blocks until the job ends; throws when it failed (after its restart attempts). */
    public void awaitTermination() throws Exception {
        client.getJobExecutionResult().get();
    }

    /**
     * Takes a savepoint into the state directory and stops the job. Falls back to cancelling (the
     * retained checkpoints still allow a resume) when the savepoint does not finish in time.
     */
    public void stop(Duration timeout) {
        try {
            String path =
                    client.stopWithSavepoint(
                                    false,
                                    locator.savepointsDir().toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("pipeline {}: stopped with savepoint {}", name, path);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn(
                    "pipeline {}: savepoint failed ({}); cancelling, the next start resumes from the last checkpoint",
                    name,
                    e.getMessage());
            cancel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        }
    }

    public void cancel() {
        try {
            client.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("pipeline {}: cancel did not confirm: {}", name, e.getMessage());
        }
    }
}

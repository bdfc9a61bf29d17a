package dev.tributary.runtime.compose;

import dev.tributary.api.error.Causes;
import dev.tributary.api.error.TributaryException;
import dev.tributary.runtime.config.PipelineSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
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
    private final int restartAttempts;
    private final JobClient client;
    private final CheckpointLocator locator;

    /** The job's end, once its failures are reported and a cluster of its own is closed. */
    private final CompletableFuture<JobExecutionResult> result;

    RunningPipeline(
            PipelineSettings settings,
            JobClient client,
            CompletableFuture<JobExecutionResult> result) {
        this.name = settings.name();
        this.restartAttempts = settings.restartAttempts();
        this.client = client;
        this.locator = new CheckpointLocator(settings.stateDir());
        this.result = result;
    }

    public String name() {
        return name;
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get(30, TimeUnit.SECONDS);
    }

    /**
     * Blocks until the job ends; throws a {@link TributaryException} that names the failure when
     * the job failed (after its restart attempts, or at once when the failure cannot be recovered).
     */
    public void awaitTermination() throws InterruptedException {
        try {
            result.get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /** The job's failure, told by what {@link FlinkWrappers} wrap, with the restarts used. */
    private TributaryException failure(Throwable failure) {
        boolean restartsUsedUp = false;
        Throwable cause = failure;
        while (FlinkWrappers.isWrapper(cause)) {
            restartsUsedUp |= FlinkWrappers.isRestartsUsedUp(cause);
            cause = cause.getCause();
        }
        String what =
                restartsUsedUp
                        ? String.format(
                                "pipeline %s failed after %d restart%s (restart-attempts): ",
                                name, restartAttempts, restartAttempts == 1 ? "" : "s")
                        : "pipeline " + name + " failed: ";
        return new TributaryException(what + Causes.describe(cause), cause);
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

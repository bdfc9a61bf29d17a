package dev.tributary.runtime.compose;

import dev.tributary.api.error.Causes;
import dev.tributary.runtime.config.PipelineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.scheduler.ExecutionGraphInfo;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the log why a running pipeline failed and how it recovers, in a few lines each: every
 * restart with its cause chain and the checkpoint it resumes from, and every checkpoint that
 * failed. Flink's own warnings (filtered in the app's log configuration) repeat a full stack trace
 * for each task and each attempt; the full trace is here at DEBUG. The failure that ends the job is
 * not reported here: whoever waits for the job reports it (see {@link RunningPipeline}).
 *
 * <p>It reads Flink's failure history once a second, so a restart is reported within a second of
 * the failure; several failures between two reads are each reported, in order, and {@link
 * #finish()} reads once more when the job has ended.
 */
final class FailureReporter {
    private static final Logger LOG = LoggerFactory.getLogger(FailureReporter.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    /** Why a checkpoint fails when its job fails or stops, rather than on its own account. */
    private static final Set<CheckpointFailureReason> CONSEQUENCES =
            EnumSet.of(
                    CheckpointFailureReason.TASK_FAILURE,
                    CheckpointFailureReason.JOB_FAILOVER_REGION,
                    CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
                    CheckpointFailureReason.CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER,
                    CheckpointFailureReason.CHECKPOINT_COORDINATOR_SHUTDOWN,
                    CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND);

    private final String pipeline;
    private final PipelineSettings settings;
    private final LocalCluster cluster;
    private final JobID job;
    private final ClassLoader loader;
    private final ScheduledExecutorService timer;

    /** The time of the newest failure reported, in epoch ms. */
    private long reportedUntil = Long.MIN_VALUE;

    private int failures;
    private long lastFailedCheckpoint = -1;

    private FailureReporter(
            PipelineSettings settings, LocalCluster cluster, JobID job, ClassLoader loader) {
        this.pipeline = settings.name();
        this.settings = settings;
        this.cluster = cluster;
        this.job = job;
        this.loader = loader;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "tributary-failures-" + pipeline);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Starts reading the job's failure history; {@link #finish()} stops it. */
    static FailureReporter start(
            PipelineSettings settings, LocalCluster cluster, JobID job, ClassLoader loader) {
        FailureReporter reporter = new FailureReporter(settings, cluster, job, loader);
        reporter.timer.scheduleWithFixedDelay(
                reporter::read, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return reporter;
    }

    private void read() {
        ExecutionGraphInfo info;
        try {
            info =
                    cluster.executionGraphInfo(job)
                            .get(INTERVAL.toMillis() * 10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            // The job or its cluster is ending; whoever waits for the job reports why.
            LOG.debug("pipeline {}: failure history not readable: {}", pipeline, e.toString());
            return;
        }
        report(info);
    }

    /** Reports what is new in {@code info} since the last call. */
    private void report(ExecutionGraphInfo info) {
        ArchivedExecutionGraph graph = info.getArchivedExecutionGraph();
        CheckpointStatsSnapshot checkpoints = graph.getCheckpointStatsSnapshot();
        reportFailedCheckpoint(checkpoints);
        List<RootExceptionHistoryEntry> history = new ArrayList<>();
        info.getExceptionHistory().forEach(history::add);
        history.sort(Comparator.comparingLong(RootExceptionHistoryEntry::getTimestamp));
        boolean ending =
                graph.getState() == JobStatus.FAILING || graph.getState().isTerminalState();
        for (int i = 0; i < history.size(); i++) {
            RootExceptionHistoryEntry entry = history.get(i);
            if (entry.getTimestamp() <= reportedUntil) {
                continue;
            }
            reportedUntil = entry.getTimestamp();
            failures++;
            Throwable cause = entry.getException().deserializeError(loader);
            LOG.debug("pipeline {}: failure {}, in full:", pipeline, failures, cause);
            if (ending && i == history.size() - 1) {
                return; // the failure that ends the job: its result carries it
            }
            LOG.warn(
                    "pipeline {}: restart {} of {} (in {}, {}) because {} failed: {}",
                    pipeline,
                    failures,
                    settings.restartAttempts(),
                    seconds(settings.restartDelay()),
                    resumesFrom(checkpoints),
                    entry.getFailingTaskName() == null
                            ? "the job"
                            : "task '" + taskName(entry.getFailingTaskName()) + "'",
                    Causes.describe(cause, FlinkWrappers::isWrapper));
        }
    }

    private void reportFailedCheckpoint(CheckpointStatsSnapshot checkpoints) {
        if (checkpoints == null) {
            return;
        }
        FailedCheckpointStats failed = checkpoints.getHistory().getLatestFailedCheckpoint();
        if (failed == null || failed.getCheckpointId() <= lastFailedCheckpoint) {
            return;
        }
        lastFailedCheckpoint = failed.getCheckpointId();
        if (isConsequence(failed.getFailureMessage())) {
            return;
        }
        LOG.warn(
                "pipeline {}: checkpoint {} failed after {} ms: {}",
                pipeline,
                failed.getCheckpointId(),
                failed.getEndToEndDuration(),
                failed.getFailureMessage());
    }

    /**
     * Whether a checkpoint failed only because the job is failing or stopping: the failure itself
     * is reported as a restart (or by whoever waits for the job), so the checkpoint says nothing
     * new.
     */
    private static boolean isConsequence(String failureMessage) {
        return failureMessage != null
                && CONSEQUENCES.stream().anyMatch(r -> failureMessage.startsWith(r.message()));
    }

    /** A task's name without Flink's attempt suffix (" - execution #2"). */
    static String taskName(String failingTaskName) {
        int attempt = failingTaskName.lastIndexOf(" - execution #");
        return attempt < 0 ? failingTaskName : failingTaskName.substring(0, attempt);
    }

    /** {@code 2 s}, {@code 1.5 s} or {@code 200 ms}. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0
                ? ms / 1000 + " s"
                : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String resumesFrom(CheckpointStatsSnapshot checkpoints) {
        CompletedCheckpointStats completed =
                checkpoints == null
                        ? null
                        : checkpoints.getHistory().getLatestCompletedCheckpoint();
        if (completed != null) {
            return "from checkpoint " + completed.getCheckpointId();
        }
        if (checkpoints != null && checkpoints.getLatestRestoredCheckpoint() != null) {
            return "from the checkpoint it started from";
        }
        return "from the sources' initial positions";
    }

    /**
     * Reads the history a last time, for failures since the last read (the job has ended, perhaps
     * after restarts quicker than one read), then stops. The future completes when it is done.
     */
    CompletableFuture<Void> finish() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            timer.execute(
                    () -> {
                        try {
                            read();
                        } finally {
                            timer.shutdown();
                            done.complete(null);
                        }
                    });
        } catch (RejectedExecutionException e) {
            done.complete(null); // closed already
        }
        return done;
    }
}

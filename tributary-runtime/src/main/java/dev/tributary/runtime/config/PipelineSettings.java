package dev.tributary.runtime.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code pipeline:} section: name, checkpointing, state directory, parallelism, restarts. */
public final class PipelineSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Duration checkpointInterval;
    private final String stateDir;
    private final int parallelism;
    private final int restartAttempts;
    private final Duration restartDelay;
    private final boolean partitionByKey;

    public PipelineSettings(
            String name,
            Duration checkpointInterval,
            String stateDir,
            int parallelism,
            int restartAttempts,
            Duration restartDelay,
            boolean partitionByKey) {
        this.name = name;
        this.checkpointInterval = checkpointInterval;
        this.stateDir = stateDir;
        this.parallelism = parallelism;
        this.restartAttempts = restartAttempts;
        this.restartDelay = restartDelay;
        this.partitionByKey = partitionByKey;
    }

    public String name() {
        return name;
    }

    /** How often Flink checkpoints; also how often sinks commit. */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** Where checkpoints live; a restart resumes from the newest one here. */
    public Path stateDir() {
        return Path.of(stateDir).toAbsolutePath().normalize();
    }

    public int parallelism() {
        return parallelism;
    }

    /** How many times Flink restarts the job after a failure before giving up. */
    public int restartAttempts() {
        return restartAttempts;
    }

    public Duration restartDelay() {
        return restartDelay;
    }

    /**
     * With more than one subtask: whether records are repartitioned by target table and key before
     * the sinks. Sources whose partitions already keep each key in one partition (Debezium's Kafka
     * topics are keyed by primary key) can turn it off and save the shuffle.
     */
    public boolean partitionByKey() {
        return partitionByKey;
    }
}

package dev.tributary.runtime.compose;

import dev.tributary.runtime.config.PipelineSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * The Flink configuration of a pipeline: exactly-once checkpoints into the state directory, kept on
 * cancel so a restart can resume; an explicit restart strategy (Flink's default with checkpointing
 * retries forever and silently); object reuse, which is safe because events are immutable; and
 * generic types off, so a missing serializer fails at build time instead of falling back to Kryo.
 */
public final class JobSettings {
    private JobSettings() {}

    /** The configuration for {@code settings}, resuming from {@code resumeFrom} when present. */
    public static Configuration of(PipelineSettings settings, Optional<Path> resumeFrom) {
        CheckpointLocator locator = new CheckpointLocator(settings.stateDir());
        Configuration conf = new Configuration();
        long interval = settings.checkpointInterval().toMillis();
        conf.setString("execution.checkpointing.interval", interval + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.setString("execution.checkpointing.min-pause", Math.max(50, interval / 4) + " ms");
        conf.setString("execution.checkpointing.timeout", "10 min");
        conf.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        conf.setString("execution.checkpointing.num-retained", "3");
        conf.setString("state.backend.type", "hashmap");
        conf.setString("execution.checkpointing.dir", locator.checkpointsDir().toUri().toString());
        conf.setString(
                "execution.checkpointing.savepoint-dir",
                locator.savepointsDir().toUri().toString());
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString(
                "restart-strategy.fixed-delay.attempts",
                String.valueOf(settings.restartAttempts()));
        conf.setString(
                "restart-strategy.fixed-delay.delay", settings.restartDelay().toMillis() + " ms");
        conf.setString("pipeline.object-reuse", "true");
        conf.setString("pipeline.generic-types", "false");
        conf.setString("pipeline.name", settings.name());
        conf.setString("parallelism.default", String.valueOf(settings.parallelism()));
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(settings.parallelism()));
        resumeFrom.ifPresent(
                p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
        return conf;
    }
}

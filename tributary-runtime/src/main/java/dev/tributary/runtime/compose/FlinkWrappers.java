package dev.tributary.runtime.compose;

import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;

/**
 * The exceptions Flink wraps a job's failure in, whose words mean nothing to a user: "Job execution
 * failed.", "Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(...)", "Could not
 * perform checkpoint 9 for operator ...". Failures are told by what they wrap.
 */
final class FlinkWrappers {
    private FlinkWrappers() {}

    /** Whether {@code t} only wraps its cause. */
    static boolean isWrapper(Throwable t) {
        if (t.getCause() == null) {
            return false;
        }
        String message = String.valueOf(t.getMessage());
        return t instanceof JobExecutionException
                || isRestartsUsedUp(t)
                || message.startsWith("Could not perform checkpoint ");
    }

    /** Whether {@code t} says that the restart strategy gave up. */
    static boolean isRestartsUsedUp(Throwable t) {
        return t instanceof JobException
                && String.valueOf(t.getMessage()).startsWith("Recovery is suppressed");
    }
}

package dev.tributary.runtime.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.error.Causes;
import java.io.IOException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.junit.jupiter.api.Test;

class FlinkWrappersTest {
    private final IOException root = new IOException("commit of batch 5 failed: refused");

    @Test
    void aFailureIsToldByWhatFlinkWrappedInIt() {
        Exception checkpoint =
                new Exception("Could not perform checkpoint 9 for operator sink (1/1)#0.", root);
        JobException suppressed =
                new JobException("Recovery is suppressed by FixedDelay(2)", checkpoint);
        JobExecutionException failed =
                new JobExecutionException(new JobID(), "Job execution failed.", suppressed);

        assertThat(Causes.describe(failed, FlinkWrappers::isWrapper))
                .isEqualTo("commit of batch 5 failed: refused");
        assertThat(FlinkWrappers.isRestartsUsedUp(suppressed)).isTrue();
        assertThat(FlinkWrappers.isRestartsUsedUp(checkpoint)).isFalse();
    }

    @Test
    void aWrapperWithoutACauseIsTheFailure() {
        assertThat(FlinkWrappers.isWrapper(new Exception("Could not perform checkpoint 3")))
                .isFalse();
        assertThat(FlinkWrappers.isWrapper(root)).isFalse();
    }
}

package dev.tributary.runtime.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureReporterTest {
    @Test
    void aTaskIsNamedWithoutFlinksAttemptSuffix() {
        assertThat(
                        FailureReporter.taskName(
                                "Source: kafka:web -> sink:wh: Writer (1/1) - execution #3"))
                .isEqualTo("Source: kafka:web -> sink:wh: Writer (1/1)");
        assertThat(FailureReporter.taskName("errors -> sink:wh:errors: Writer (1/1)"))
                .isEqualTo("errors -> sink:wh:errors: Writer (1/1)");
    }

    @Test
    void theRestartDelayIsReadable() {
        assertThat(FailureReporter.seconds(Duration.ofSeconds(2))).isEqualTo("2 s");
        assertThat(FailureReporter.seconds(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(FailureReporter.seconds(Duration.ofMillis(500))).isEqualTo("500 ms");
    }
}

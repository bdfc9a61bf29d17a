package dev.tributary.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CausesTest {
    @Test
    void eachCauseThatAddsSomethingIsALineOfItsOwn() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:1 refused.");
        IOException commit =
                new IOException("commit of batch 2 failed: " + refused.getMessage(), refused);
        Exception flink = new Exception("Could not perform checkpoint 9", commit);

        assertThat(Causes.describe(flink))
                .isEqualTo(
                        "Could not perform checkpoint 9"
                                + Causes.LINES
                                + "commit of batch 2 failed: Connection to 127.0.0.1:1 refused.");
    }

    @Test
    void skippedWrappersLeaveTheirCauses() {
        IOException root = new IOException("disk full");
        RuntimeException wrapper = new RuntimeException("Job execution failed.", root);

        assertThat(Causes.describe(wrapper, t -> t == wrapper)).isEqualTo("disk full");
        assertThat(Causes.describe(wrapper, t -> true)).isEqualTo("disk full");
    }

    @Test
    void anExceptionWithoutAMessageIsNamedByItsClass() {
        assertThat(Causes.describe(new IllegalStateException("outer", new NullPointerException())))
                .isEqualTo("outer" + Causes.LINES + "java.lang.NullPointerException");
    }
}

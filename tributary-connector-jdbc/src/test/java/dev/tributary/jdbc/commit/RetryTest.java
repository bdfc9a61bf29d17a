package dev.tributary.jdbc.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final Retry retry =
            new Retry(
                    3,
                    Duration.ofMillis(1),
                    e ->
                            e instanceof SQLException
                                    && "08006".equals(((SQLException) e).getSQLState()),
                    e -> "ctx: " + e.getMessage());

    @Test
    void passingFailuresAreRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String result =
                retry.run(
                        "work",
                        () -> {
                            if (attempts.incrementAndGet() < 3) {
                                throw new SQLException("gone", "08006");
                            }
                            return "done";
                        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void itGivesUpAfterTheLastRetry() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                retry.run(
                                        "work",
                                        () -> {
                                            attempts.incrementAndGet();
                                            throw new SQLException("gone", "08006");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("work failed after 4 attempts: ctx: gone");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void fatalFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                retry.run(
                                        "work",
                                        () -> {
                                            attempts.incrementAndGet();
                                            throw new SQLException("no table", "42P01");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("work failed: ctx: no table");
        assertThat(attempts).hasValue(1);
    }
}

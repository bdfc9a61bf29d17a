package dev.tributary.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.TableId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void passwordParametersInUrlsAreMasked() {
        assertThat(Secrets.mask("jdbc:postgresql://h:5432/db?user=app&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=app&password=****&ssl=true");
        assertThat(Secrets.mask("jdbc:sqlserver://h;user=app;Password=hunter2;db=x"))
                .isEqualTo("jdbc:sqlserver://h;user=app;Password=****;db=x");
        assertThat(Secrets.mask("jdbc:x://h/db?PWD=hunter2")).isEqualTo("jdbc:x://h/db?PWD=****");
    }

    @Test
    void credentialsInTheAuthorityAreMasked() {
        assertThat(Secrets.mask("jdbc:postgresql://app:hunter2@h:5432/db"))
                .isEqualTo("jdbc:postgresql://app:****@h:5432/db");
        assertThat(Secrets.mask("jdbc:oracle:thin:app/hunter2@h:1521/x", "hunter2"))
                .isEqualTo("jdbc:oracle:thin:app/****@h:1521/x");
    }

    @Test
    void aKnownPasswordIsMaskedAnywhere() {
        assertThat(Secrets.mask("connection failed for hunter2 at host", "hunter2"))
                .isEqualTo("connection failed for **** at host");
        assertThat(Secrets.mask(null)).isNull();
        assertThat(Secrets.mask("nothing secret", "")).isEqualTo("nothing secret");
    }

    @Test
    void theConfigNeverShowsThePassword() {
        JdbcSinkConfig config =
                new JdbcSinkConfig(
                        "p",
                        "s",
                        "jdbc:postgresql://h/db?password=hunter2",
                        "app",
                        "hunter2",
                        Map.of(),
                        5,
                        Duration.ofMillis(500),
                        TableId.parse("_tributary_commits"),
                        TableId.parse("_tributary_status"),
                        true,
                        true,
                        80,
                        TableId.parse("errors"));

        assertThat(config.toString()).doesNotContain("hunter2").contains("password=****");
        assertThat(config.mask("login as app/hunter2 failed"))
                .isEqualTo("login as app/**** failed");
        assertThat(config.driverProperties())
                .containsEntry("password", "hunter2")
                .containsEntry("user", "app");
    }
}

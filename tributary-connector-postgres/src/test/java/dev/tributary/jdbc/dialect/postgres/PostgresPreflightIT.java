package dev.tributary.jdbc.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.JdbcSinkFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jdbc sink's check before a pipeline starts, against a real PostgreSQL. */
class PostgresPreflightIT {
    @TempDir static Path dataDir;

    private static EmbeddedDatabase database;

    private final JdbcSinkFactory factory = new JdbcSinkFactory();

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.start(dataDir);
        database.createDatabase("warehouse");
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aDatabaseThatAnswersPasses() {
        assertThatCode(() -> factory.preflight(sink(database.jdbcUrl("warehouse"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aDatabaseThatDoesNotExistStopsTheStartWithPostgresReasonAndNoPassword() {
        String url = database.jdbcUrl("wherehouse");
        assertThatThrownBy(() -> factory.preflight(sink(url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "sinks[0]: cannot connect to "
                                + url
                                + " as "
                                + database.user()
                                + " (sinks[0].url, user, password, connection.*): ")
                .hasMessageContaining("database \"wherehouse\" does not exist")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aPortNobodyListensOnStopsTheStart() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/warehouse";
        assertThatThrownBy(() -> factory.preflight(sink(url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot connect to " + url)
                .hasMessageContaining("refused");
    }

    private static Options sink(String url) {
        Options options =
                new Options(
                        "sinks[0]",
                        Map.of("url", url, "user", database.user(), "password", "hunter2"),
                        Map.of("connection.", Map.of("ApplicationName", "preflight-it")));
        new JdbcSinkFactory().validate(options);
        return options;
    }
}

package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.error.TributaryException;
import dev.tributary.runtime.compose.RunningPipeline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The target database stops taking connections while a pipeline runs: each restart is one warning
 * with its cause, and when the restarts are used up the failure names that cause, not Flink's
 * wrappers.
 */
class FailureReportIT extends WithServices {
    private static final String REPORTER = "dev.tributary.runtime.compose.FailureReporter";

    @Test
    void eachRestartIsOneWarningAndTheFinalFailureNamesItsCause() throws Exception {
        String db = services.newDatabase("refusing");
        services.kafka.createTopic("refusing.clicks", 1);
        String yaml =
                String.join(
                        "\n",
                        "pipeline: { name: refusing, checkpoint-interval: 500ms, state-dir: '"
                                + dir.resolve("state")
                                + "', restart-attempts: 2, restart-delay: 500ms }",
                        "sources:",
                        "  - { name: web, type: kafka, bootstrap-servers: '"
                                + services.kafka.bootstrapServers()
                                + "', topics: [ refusing.clicks ], format: json }",
                        "tables:",
                        "  - match: refusing.clicks",
                        "    target: public.clicks",
                        "    key: [ id ]",
                        "    columns: [ { name: id, type: int64 }, { name: n, type: int32 } ]",
                        Pipelines.jdbcSink(services, db),
                        "errors: { sink: warehouse, table: _tributary_errors }",
                        "");
        try (CapturedLog log = CapturedLog.of(REPORTER)) {
            RunningPipeline pipeline = Pipelines.start(yaml, dir);
            send(1, 5);
            await("the first clicks applied")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> services.count(db, "SELECT count(*) FROM public.clicks") == 5);

            services.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
            services.execute(
                    "postgres",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                            + db
                            + "'");
            send(6, 10);

            assertThatThrownBy(pipeline::awaitTermination)
                    .isInstanceOf(TributaryException.class)
                    .hasMessageStartingWith(
                            "pipeline refusing failed after 2 restarts (restart-attempts): ")
                    .hasMessageContaining("/" + db)
                    .hasMessageNotContaining("Recovery is suppressed")
                    .hasMessageNotContaining("Job execution failed");
            List<String> restarts =
                    log.messages().stream()
                            .filter(m -> m.startsWith("pipeline refusing: restart "))
                            .toList();
            assertThat(restarts)
                    .extracting(m -> m.substring(0, m.indexOf(" (in 500 ms, from checkpoint ")))
                    .containsExactly(
                            "pipeline refusing: restart 1 of 2",
                            "pipeline refusing: restart 2 of 2");
            assertThat(restarts)
                    .allSatisfy(
                            m ->
                                    assertThat(m)
                                            .contains("failed: ", "/" + db)
                                            .doesNotContain("Could not perform checkpoint"));
        } finally {
            services.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        }
    }

    private static void send(int first, int last) {
        for (int id = first; id <= last; id++) {
            services.send("refusing.clicks", null, "{\"id\":" + id + ",\"n\":" + id + "}");
        }
        services.flush();
    }
}

package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.runtime.compose.RunningPipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code starting-offsets} is for a first run only: a run restored from its savepoint reads on from
 * the savepoint's offsets, here with {@code latest}, which would skip what arrived while the
 * pipeline was stopped.
 */
class RestoredStartIT extends WithServices {
    private static final String TOPIC = "pos.public.history";

    @Test
    void aRestoredRunReadsOnFromItsSavepointAndNotFromLatest() throws Exception {
        String db = services.newDatabase("restored");
        services.kafka.createTopic(TOPIC, 1);
        String tables =
                String.join(
                        "\n",
                        "  - match: 'pos\\.public\\.(history)'",
                        "    target: 'public.$1'",
                        "    mode: append",
                        OrderLoad.COLUMNS);
        String yaml =
                Pipelines.kafkaToJdbc(
                                "restored",
                                dir.resolve("restored-state"),
                                services,
                                db,
                                "pos\\.public\\..*",
                                tables)
                        .replace(
                                "    format: debezium-json",
                                "    format: debezium-json\n    starting-offsets: latest");
        try (OrderLoad load = new OrderLoad(services.kafka.bootstrapServers(), 11, 500, TOPIC)) {
            load.produce(1_000); // offsets 0 to 999: before the first start, so latest skips them

            RunningPipeline first = Pipelines.start(yaml, dir);
            try {
                // The source takes the end offsets once its reader has the partition; until a
                // change arrives, changes are sent after the start.
                await("a change sent after the first start")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(300))
                        .until(
                                () -> {
                                    load.produce(20);
                                    return rows(db, "") > 0;
                                });
            } finally {
                first.stop(Duration.ofSeconds(60));
            }
            long stoppedAt = load.produced();
            load.produce(1_000); // while the pipeline is stopped

            RunningPipeline second = Pipelines.start(yaml, dir);
            try {
                await("the changes sent while the pipeline was stopped")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> rows(db, "WHERE _tributary_offset >= " + stoppedAt) == 1_000);
            } finally {
                second.cancel();
            }
            assertThat(rows(db, "WHERE _tributary_offset < 1000")).isZero();
            assertThat(
                            services.count(
                                    db,
                                    "SELECT count(*) - count(DISTINCT _tributary_offset) FROM"
                                            + " public.history"))
                    .isZero();
        }
    }

    private static long rows(String db, String where) throws Exception {
        return services.count(db, "SELECT count(*) FROM public.history " + where);
    }
}

package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.runtime.compose.RunningPipeline;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/** The target PostgreSQL goes away mid-run and comes back: nothing is lost, nothing doubled. */
class TargetOutageIT extends WithServices {

    @Test
    void stoppingAndRestartingTheTargetLosesNothing() throws Exception {
        String db = services.newDatabase("outage");
        services.kafka.createTopic("out.public.orders", 1);
        services.kafka.createTopic("out.public.history", 1);
        String tables = OrderLoad.mirrorAndHistoryTables("out");
        RunningPipeline pipeline =
                Pipelines.start(
                        Pipelines.kafkaToJdbc(
                                "outage",
                                dir.resolve("state"),
                                services,
                                db,
                                "out\\.public\\..*",
                                tables),
                        dir);
        try (OrderLoad load =
                new OrderLoad(
                        services.kafka.bootstrapServers(),
                        7,
                        2_000,
                        "out.public.orders",
                        "out.public.history")) {
            load.produce(10_000);
            await("first changes applied")
                    .atMost(Duration.ofSeconds(90))
                    .until(
                            () ->
                                    services.count(db, "SELECT count(*) FROM public.history")
                                            == 10_000);

            services.postgres.stop();
            load.produce(10_000);
            // The target stays down until the sink has given up retrying and Flink restarts the job
            // from its last checkpoint: the changes must survive that restart too.
            await("the job restarts while the target is down")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> pipeline.status() == JobStatus.RESTARTING);
            services.postgres.restart();
            load.produce(10_000);

            await("all changes applied")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () ->
                                    services.count(db, "SELECT count(*) FROM public.history")
                                                    >= 30_000
                                            && services.rows(
                                                            db,
                                                            OrderLoad.mirrorQuery("public.orders"))
                                                    .equals(load.expectedRows()));
            assertThat(services.count(db, "SELECT count(*) FROM public.history")).isEqualTo(30_000);
            assertThat(
                            services.count(
                                    db,
                                    OrderLoad.repeatedHistoryOffsetsQuery("out.public.history")))
                    .isZero();
        } finally {
            pipeline.cancel();
        }
    }
}

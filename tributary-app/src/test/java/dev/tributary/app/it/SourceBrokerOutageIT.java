package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.runtime.compose.CheckpointLocator;
import dev.tributary.runtime.compose.RunningPipeline;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker the source reads goes away mid-run and comes back: the pipeline waits for it,
 * keeps checkpointing, and then applies what was sent after, with nothing lost and nothing doubled.
 */
class SourceBrokerOutageIT extends WithServices {

    @Test
    void stoppingAndRestartingTheSourceBrokerLosesNothing() throws Exception {
        String db = services.newDatabase("broker_outage");
        services.kafka.createTopic("bro.public.orders", 1);
        services.kafka.createTopic("bro.public.history", 1);
        String tables = OrderLoad.mirrorAndHistoryTables("bro");
        Path state = dir.resolve("state");
        RunningPipeline pipeline =
                Pipelines.start(
                        Pipelines.kafkaToJdbc(
                                "broker-outage", state, services, db, "bro\\.public\\..*", tables),
                        dir);
        try (OrderLoad load =
                new OrderLoad(
                        services.kafka.bootstrapServers(),
                        11,
                        2_000,
                        "bro.public.orders",
                        "bro.public.history")) {
            load.produce(10_000);
            await("first changes applied")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> historyRows(db) == 10_000);

            services.kafka.stop();
            CheckpointLocator checkpoints = new CheckpointLocator(state);
            long atStop = checkpointNumber(checkpoints);
            // The source has nothing to read but its position: checkpoints go on without the
            // broker. Twenty of them keep it away for about ten seconds.
            await("twenty checkpoints completed while the broker is away")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> checkpointNumber(checkpoints) >= atStop + 20);
            services.kafka.restart();
            load.produce(10_000);

            await("all changes applied")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () ->
                                    historyRows(db) >= 20_000
                                            && services.rows(
                                                            db,
                                                            OrderLoad.mirrorQuery("public.orders"))
                                                    .equals(load.expectedRows()));
            assertThat(historyRows(db)).isEqualTo(20_000);
            assertThat(
                            services.count(
                                    db,
                                    OrderLoad.repeatedHistoryOffsetsQuery("bro.public.history")))
                    .isZero();
        } finally {
            pipeline.cancel();
        }
    }

    /** The number of the newest complete checkpoint ({@code .../chk-17} is 17), or 0. */
    private static long checkpointNumber(CheckpointLocator checkpoints) {
        return checkpoints
                .latest()
                .map(p -> p.getFileName().toString())
                .filter(name -> name.startsWith("chk-"))
                .map(name -> Long.parseLong(name.substring(4)))
                .orElse(0L);
    }

    private static long historyRows(String db) {
        return services.count(db, "SELECT count(*) FROM public.history");
    }
}

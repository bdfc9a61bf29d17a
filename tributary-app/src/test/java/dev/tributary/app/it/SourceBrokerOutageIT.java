package dev.tributary.app.it;

import static org.awaitility.Awaitility.await;

import dev.tributary.runtime.compose.CheckpointLocator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker the source reads goes away mid-run and comes back: the pipeline waits for it,
 * keeps checkpointing, and then applies what was sent after, with nothing lost and nothing doubled.
 */
class SourceBrokerOutageIT extends WithServices {

    @Test
    void stoppingAndRestartingTheSourceBrokerLosesNothing() throws Exception {
        try (MirrorAndHistoryRun run =
                MirrorAndHistoryRun.start(services, dir, "broker-outage", "bro", 11)) {
            run.produceAndAwaitApplied(10_000);

            services.kafka.stop();
            CheckpointLocator checkpoints = new CheckpointLocator(run.stateDir);
            long atStop = checkpointNumber(checkpoints);
            // The source has nothing to read but its position: checkpoints go on without the
            // broker. Twenty of them keep it away for about ten seconds.
            await("twenty checkpoints completed while the broker is away")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> checkpointNumber(checkpoints) >= atStop + 20);
            services.kafka.restart();
            run.load.produce(10_000);

            run.assertEveryChangeArrivedOnce();
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
}

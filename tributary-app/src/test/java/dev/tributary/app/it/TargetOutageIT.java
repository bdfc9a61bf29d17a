package dev.tributary.app.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/** The target PostgreSQL goes away mid-run and comes back: nothing is lost, nothing doubled. */
class TargetOutageIT extends WithServices {

    @Test
    void stoppingAndRestartingTheTargetLosesNothing() throws Exception {
        try (MirrorAndHistoryRun run =
                MirrorAndHistoryRun.start(services, dir, "outage", "out", 7)) {
            run.produceAndAwaitApplied(10_000);

            services.postgres.stop();
            run.load.produce(10_000);
            // The target stays down until the sink has given up retrying and Flink restarts the job
            // from its last checkpoint: the changes must survive that restart too.
            await("the job restarts while the target is down")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> run.pipeline.status() == JobStatus.RESTARTING);
            services.postgres.restart();
            run.load.produce(10_000);

            run.assertEveryChangeArrivedOnce();
        }
    }
}

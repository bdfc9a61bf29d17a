package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across crashes: the pipeline runs in a child JVM and is killed with SIGKILL at
 * random moments, five times, while 200,000 changes flow; each time it is restarted from its
 * checkpoints. In the end the mirror table equals the expected state and the append table holds
 * every change exactly once.
 */
class CrashRecoveryIT extends WithServices {
    private static final int EVENTS = 200_000;
    private static final int BATCHES = 40;
    private static final int KILLS = 5;

    @Test
    void killNineFiveTimesLosesAndDuplicatesNothing() throws Exception {
        long seed = System.nanoTime();
        System.out.println("CrashRecoveryIT seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        String db = services.newDatabase("crash");
        services.kafka.createTopic("load.public.orders", 2);
        services.kafka.createTopic("load.public.history", 2);
        String tables = OrderLoad.mirrorAndHistoryTables("load");
        Path file = dir.resolve("crash.yaml");
        Files.writeString(
                file,
                Pipelines.kafkaToJdbc(
                        "crash", dir.resolve("state"), services, db, "load\\.public\\..*", tables));

        Path log = dir.resolve("child.log");
        ChildPipeline child = ChildPipeline.start(file, log);
        try (OrderLoad load =
                new OrderLoad(
                        services.kafka.bootstrapServers(),
                        seed,
                        20_000,
                        "load.public.orders",
                        "load.public.history")) {
            // Kill at random batches of the load, each after the pipeline made progress since the
            // last kill.
            int[] killAt = random.ints(0, BATCHES - 2).distinct().limit(KILLS).sorted().toArray();
            int next = 0;
            for (int batch = 0; batch < BATCHES; batch++) {
                load.produce(EVENTS / BATCHES);
                if (next < killAt.length && batch == killAt[next]) {
                    long before = history(db);
                    ChildPipeline running = child;
                    await("progress before kill " + (next + 1))
                            .atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(50))
                            .failFast("the pipeline died", () -> !running.alive())
                            .until(() -> history(db) > before);
                    child.kill9();
                    System.out.printf(
                            "kill %d after batch %d: history rows %d of %d produced%n",
                            next + 1, batch, history(db), load.produced());
                    child = ChildPipeline.start(file, log);
                    next++;
                }
            }
            ChildPipeline last = child;
            await("all changes applied")
                    .atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the pipeline died", () -> !last.alive())
                    .until(
                            () ->
                                    history(db) >= EVENTS
                                            && services.rows(
                                                            db,
                                                            OrderLoad.mirrorQuery("public.orders"))
                                                    .equals(load.expectedRows()));

            assertThat(next).isEqualTo(KILLS);
            assertThat(services.count(db, "SELECT count(*) FROM public.history")).isEqualTo(EVENTS);
            assertThat(
                            services.count(
                                    db,
                                    "SELECT count(*) FROM (SELECT _tributary_partition, _tributary_offset"
                                            + " FROM public.history GROUP BY 1, 2 HAVING count(*) > 1) d"))
                    .as("duplicated changes")
                    .isZero();
            assertThat(services.rows(db, OrderLoad.mirrorQuery("public.orders")))
                    .containsExactlyElementsOf(load.expectedRows());
            assertThat(services.count(db, "SELECT count(*) FROM _tributary_errors")).isIn(-1L, 0L);
        } catch (AssertionError | RuntimeException e) {
            System.out.println(child.logTail());
            throw e;
        } finally {
            child.kill9();
        }
    }

    private long history(String db) {
        return Math.max(0, services.count(db, "SELECT count(*) FROM public.history"));
    }
}

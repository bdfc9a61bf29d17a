package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.runtime.compose.RunningPipeline;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The scenario the outage tests share: a kafka → jdbc pipeline fed by an {@link OrderLoad} on the
 * topics {@code <prefix>.public.orders} (mirrored into {@code public.orders}) and {@code
 * <prefix>.public.history} (appended to {@code public.history}), and the checks that every change
 * arrived once. Closing it cancels the pipeline and closes the load.
 */
final class MirrorAndHistoryRun implements AutoCloseable {
    final String database;
    final Path stateDir;
    final RunningPipeline pipeline;
    final OrderLoad load;
    private final Services services;
    private final String historyTopic;

    private MirrorAndHistoryRun(
            Services services,
            String database,
            Path stateDir,
            RunningPipeline pipeline,
            OrderLoad load,
            String historyTopic) {
        this.services = services;
        this.database = database;
        this.stateDir = stateDir;
        this.pipeline = pipeline;
        this.load = load;
        this.historyTopic = historyTopic;
    }

    /** Creates the database and topics and starts the pipeline {@code name} under {@code dir}. */
    static MirrorAndHistoryRun start(
            Services services, Path dir, String name, String prefix, long seed) throws Exception {
        String db = services.newDatabase(name.replace('-', '_'));
        String orders = prefix + ".public.orders";
        String history = prefix + ".public.history";
        services.kafka.createTopic(orders, 1);
        services.kafka.createTopic(history, 1);
        Path state = dir.resolve("state");
        RunningPipeline pipeline =
                Pipelines.start(
                        Pipelines.kafkaToJdbc(
                                name,
                                state,
                                services,
                                db,
                                prefix + "\\.public\\..*",
                                OrderLoad.mirrorAndHistoryTables(prefix)),
                        dir);
        OrderLoad load =
                new OrderLoad(services.kafka.bootstrapServers(), seed, 2_000, orders, history);
        return new MirrorAndHistoryRun(services, db, state, pipeline, load, history);
    }

    /** Sends {@code n} changes and waits until the history holds every change sent so far. */
    void produceAndAwaitApplied(int n) {
        load.produce(n);
        await("first changes applied")
                .atMost(Duration.ofSeconds(90))
                .until(() -> historyRows() == load.produced());
    }

    /**
     * Waits until the history has every change sent and the mirror equals the expected state, then
     * checks that the history holds each change exactly once.
     */
    void assertEveryChangeArrivedOnce() {
        await("all changes applied")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () ->
                                historyRows() >= load.produced()
                                        && services.rows(
                                                        database,
                                                        OrderLoad.mirrorQuery("public.orders"))
                                                .equals(load.expectedRows()));
        assertThat(historyRows()).isEqualTo(load.produced());
        assertThat(services.count(database, OrderLoad.repeatedHistoryOffsetsQuery(historyTopic)))
                .isZero();
    }

    private long historyRows() {
        return services.count(database, "SELECT count(*) FROM public.history");
    }

    @Override
    public void close() {
        try {
            pipeline.cancel();
        } finally {
            load.close();
        }
    }
}

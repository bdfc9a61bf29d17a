package dev.tributary.app.bench;

import dev.tributary.api.error.TributaryException;
import dev.tributary.runtime.compose.PipelineRunner;
import dev.tributary.runtime.compose.RunningPipeline;
import dev.tributary.runtime.config.PipelineDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Runs the bench pipeline once over a smaller workload of its own (topic, target table, pipeline
 * name and state) before the measured run, in the same JVM, so that the measured run finds the hot
 * paths compiled: the same reason JMH warms up. A cold JVM spends a third of a two-core machine's
 * time in the JIT compilers during a 20-second run, which a pipeline that runs for days pays once.
 * The warm-up is done when the sink's status table counts every warm-up event applied.
 */
final class WarmUp {
    static final String NAME = BenchPipeline.NAME + "-warmup";
    static final String TOPIC = "bench.public.warmup";
    static final String TABLE = "public.warmup";

    private WarmUp() {}

    /** What the warm-up did. */
    record Result(long events, double seconds) {}

    /**
     * Starts {@code def} (the warm-up pipeline over {@link #TOPIC}, already produced), waits until
     * {@code events} events are applied, and cancels it.
     *
     * @throws TributaryException when the pipeline stops or does not finish within {@code timeout}
     */
    static Result run(
            PipelineDefinition def,
            BenchDatabase db,
            long events,
            Duration timeout,
            Function<RunningPipeline, String> problem)
            throws SQLException, InterruptedException {
        long started = System.nanoTime();
        RunningPipeline pipeline = new PipelineRunner().start(def);
        try (Connection c = db.connect()) {
            long deadline = started + timeout.toNanos();
            while (applied(c) < events) {
                String failure = problem.apply(pipeline);
                if (failure != null) {
                    throw new TributaryException("the warm-up pipeline stopped: " + failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new TributaryException(
                            "the warm-up did not apply "
                                    + events
                                    + " events within "
                                    + timeout
                                    + " (applied "
                                    + applied(c)
                                    + ")");
                }
                Thread.sleep(100); // polling the status table, not a fixed wait for an outcome
            }
        } finally {
            pipeline.cancel();
        }
        return new Result(events, (System.nanoTime() - started) / 1e9);
    }

    private static long applied(Connection c) throws SQLException {
        return AppliedEvents.of(c, NAME, TABLE);
    }
}

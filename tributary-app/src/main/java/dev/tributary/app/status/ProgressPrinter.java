package dev.tributary.app.status;

import dev.tributary.app.chain.PipelineChain;
import dev.tributary.runtime.config.PipelineDefinition;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints the snapshot progress of a pipeline that runs in this JVM: every interval it reads the
 * status table of each jdbc sink and prints a bar per table the source estimated ({@link
 * SnapshotProgress}), until every table's snapshot is finished. Prints nothing when the pipeline
 * has no jdbc sink or its source gives no estimates (a Kafka source, {@code startup-mode: never}).
 * Works on its own daemon thread; a failed read is tried again at the next tick and never touches
 * the pipeline.
 */
public final class ProgressPrinter implements AutoCloseable {
    /** The shortest time a started table's rows may stand still before it counts as finished. */
    private static final Duration MIN_IDLE_LIMIT = Duration.ofSeconds(30);

    private final PipelineDefinition def;
    private final PrintWriter out;
    private final Duration interval;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /** One jdbc sink's status table and the bars of its tables. */
    private record Watch(SinkDatabase sink, StatusReader reader, SnapshotProgress progress) {}

    private ProgressPrinter(PipelineDefinition def, PrintWriter out, Duration interval) {
        this.def = def;
        this.out = out;
        this.interval = interval;
        this.thread = new Thread(this::run, "tributary-progress");
        thread.setDaemon(true);
    }

    /**
     * Starts printing; the source is asked for its estimates on the new thread, so this returns at
     * once.
     *
     * @param out where the bars go; printed to and flushed from the printer's thread
     */
    public static ProgressPrinter start(
            PipelineDefinition def, PrintWriter out, Duration interval) {
        ProgressPrinter p = new ProgressPrinter(def, out, interval);
        p.thread.start();
        return p;
    }

    /** Waits until every snapshot is finished or there is nothing to show; true if so in time. */
    public boolean await(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    /** Stops printing and waits for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join(interval.toMillis() + 10_000);
    }

    private void run() {
        List<Watch> watches;
        try {
            watches = watches();
        } catch (SQLException e) {
            out.println(
                    "No snapshot progress: cannot estimate the source tables' rows: "
                            + e.getMessage());
            out.flush();
            return;
        }
        try {
            while (!watches.isEmpty() && !stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Watch> unfinished = new ArrayList<>();
                for (Watch w : watches) {
                    print(w);
                    if (!w.progress().finished()) {
                        unfinished.add(w);
                    }
                }
                watches = unfinished;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Watch> watches() throws SQLException {
        PipelineChain chain = new PipelineChain(List.of(def));
        Map<SinkDatabase, Map<String, Long>> estimates = SnapshotEstimates.of(chain);
        Duration checkpoints = def.settings().checkpointInterval().multipliedBy(3);
        Duration idle = checkpoints.compareTo(MIN_IDLE_LIMIT) > 0 ? checkpoints : MIN_IDLE_LIMIT;
        List<SinkDatabase> sinks = chain.sinks(0);
        List<Watch> out = new ArrayList<>();
        for (SinkDatabase sink : sinks) {
            Map<String, Long> e = estimates.get(sink);
            if (e != null && !e.isEmpty()) {
                String indent = sinks.size() == 1 ? "  " : "  " + sink.sinkName() + ": ";
                out.add(
                        new Watch(
                                sink,
                                new StatusReader(sink.dialect(), sink.statusTable()),
                                new SnapshotProgress(e, idle, indent)));
            }
        }
        return out;
    }

    private void print(Watch w) {
        List<TableStatus> statuses;
        try (Connection c = w.sink().connect()) {
            statuses = w.reader().read(c, def.settings().name());
        } catch (SQLException e) {
            // The target may be restarting; the pipeline retries too. Next tick.
            return;
        }
        for (String line : w.progress().lines(statuses, Instant.now())) {
            out.println(line);
        }
        out.flush();
    }
}

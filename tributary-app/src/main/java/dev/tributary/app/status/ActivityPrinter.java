package dev.tributary.app.status;

import dev.tributary.runtime.config.PipelineDefinition;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints, every interval, one {@link ActivityLine} per jdbc sink of a pipeline that runs in this
 * JVM, read from the sink's status table: what a running pipeline applied, so that a pipeline fed
 * by Kafka is not silent. Prints nothing for a pipeline without jdbc sinks, nor while nothing
 * changes. Works on its own daemon thread; a failed read is tried again at the next tick and never
 * touches the pipeline.
 */
public final class ActivityPrinter implements AutoCloseable {
    private final PipelineDefinition def;
    private final PrintWriter out;
    private final Duration interval;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /** One jdbc sink's status table and its line. */
    private record Watch(SinkDatabase sink, StatusReader reader, ActivityLine line) {}

    private ActivityPrinter(PipelineDefinition def, PrintWriter out, Duration interval) {
        this.def = def;
        this.out = out;
        this.interval = interval;
        this.thread = new Thread(this::run, "tributary-activity");
        thread.setDaemon(true);
    }

    /**
     * Starts printing.
     *
     * @param out where the lines go; printed to and flushed from the printer's thread
     */
    public static ActivityPrinter start(
            PipelineDefinition def, PrintWriter out, Duration interval) {
        ActivityPrinter p = new ActivityPrinter(def, out, interval);
        p.thread.start();
        return p;
    }

    /** Stops printing and waits for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join(interval.toMillis() + 10_000);
    }

    private void run() {
        List<SinkDatabase> sinks = SinkDatabase.of(def.sinks());
        List<Watch> watches = new ArrayList<>();
        String pipeline = def.settings().name();
        for (SinkDatabase sink : sinks) {
            String prefix =
                    sinks.size() == 1 ? pipeline + ": " : pipeline + "/" + sink.sinkName() + ": ";
            watches.add(
                    new Watch(
                            sink,
                            new StatusReader(sink.dialect(), sink.statusTable()),
                            new ActivityLine(prefix)));
        }
        if (watches.isEmpty()) {
            return;
        }
        long last = System.nanoTime();
        try {
            do {
                long now = System.nanoTime();
                Duration since = Duration.ofNanos(now - last);
                last = now;
                for (Watch w : watches) {
                    print(w, since);
                }
            } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void print(Watch w, Duration since) {
        List<TableStatus> rows;
        try (Connection c = w.sink().connect()) {
            rows = w.reader().read(c, def.settings().name());
        } catch (SQLException e) {
            // The status table may not exist yet, or the target is restarting: next tick.
            return;
        }
        w.line()
                .next(rows, since)
                .ifPresent(
                        line -> {
                            out.println(line);
                            out.flush();
                        });
    }
}

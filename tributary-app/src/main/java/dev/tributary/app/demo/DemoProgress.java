package dev.tributary.app.demo;

import dev.tributary.app.status.SnapshotProgress;
import dev.tributary.app.status.TableStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's live view: one status line per second (workload, records in Kafka, events applied,
 * lag, errors) and, while the initial snapshot is on its way, a progress bar per table with rate
 * and ETA ({@link SnapshotProgress}). Not thread-safe.
 */
final class DemoProgress {
    /** Longer than the demo pipelines' checkpoint interval (1 s). */
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(30);

    private final Set<String> mirrored;
    private final SnapshotProgress snapshot;

    /**
     * @param estimates rows per mirrored target table ({@code public.orders}) at the start
     */
    DemoProgress(Map<String, Long> estimates) {
        this.mirrored = Set.copyOf(estimates.keySet());
        this.snapshot = new SnapshotProgress(estimates, IDLE_LIMIT, "        ");
    }

    /**
     * The lines to print for one second: a progress bar per table whose snapshot is not done yet,
     * then the status line.
     */
    List<String> lines(
            long elapsedSeconds,
            Instant now,
            ShopWorkload workload,
            long kafkaRecords,
            List<TableStatus> applied) {
        List<String> out = new ArrayList<>(snapshot.lines(applied, now));
        long events = 0;
        long errors = 0;
        Long lag = null;
        for (TableStatus s : applied) {
            errors += s.errors();
            if (!mirrored.contains(s.table())) {
                continue;
            }
            events += s.eventsApplied();
            if (s.lagMillis() != null && (lag == null || s.lagMillis() > lag)) {
                lag = s.lagMillis();
            }
        }
        out.add(
                String.format(
                        "%5ds  workload %d tx (%d rows) | kafka %s records | applied %d | lag %s |"
                                + " errors %d",
                        elapsedSeconds,
                        workload == null ? 0 : workload.transactions(),
                        workload == null ? 0 : workload.rowChanges(),
                        kafkaRecords < 0 ? "?" : String.valueOf(kafkaRecords),
                        events,
                        lag == null ? "-" : lag + " ms",
                        errors));
        return out;
    }
}

package dev.tributary.app.demo;

import dev.tributary.app.status.TableStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's live view: one status line per second (workload, records in Kafka, events applied,
 * lag, errors) and, while the initial snapshot is on its way, a progress bar per table with rate
 * and ETA. Not thread-safe.
 */
final class DemoProgress {
    private static final int BAR = 24;

    private final Map<String, Long> estimates;
    private final Map<String, Long> previousSnapshotRows = new HashMap<>();
    private final Map<String, Boolean> snapshotDone = new HashMap<>();

    /**
     * @param estimates rows per mirrored target table ({@code public.orders}) at the start
     */
    DemoProgress(Map<String, Long> estimates) {
        this.estimates = estimates;
    }

    /**
     * The lines to print for one second: a progress bar per table whose snapshot is not done yet,
     * then the status line.
     */
    List<String> lines(
            long elapsedSeconds,
            ShopWorkload workload,
            long kafkaRecords,
            List<TableStatus> applied) {
        List<String> out = new ArrayList<>();
        long events = 0;
        long errors = 0;
        Long lag = null;
        for (TableStatus s : applied) {
            errors += s.errors();
            if (!estimates.containsKey(s.table())) {
                continue;
            }
            events += s.eventsApplied();
            if (s.lagMillis() != null && (lag == null || s.lagMillis() > lag)) {
                lag = s.lagMillis();
            }
        }
        for (Map.Entry<String, Long> e : estimates.entrySet()) {
            String table = e.getKey();
            TableStatus s = find(applied, table);
            long done = s == null ? 0 : s.snapshotRows();
            if (snapshotDone.getOrDefault(table, false)) {
                continue;
            }
            long total = Math.max(1, e.getValue());
            long rate = done - previousSnapshotRows.getOrDefault(table, 0L);
            previousSnapshotRows.put(table, done);
            out.add(bar(table, done, total, rate));
            if (done >= total || (s != null && "streaming".equals(s.phase()))) {
                snapshotDone.put(table, true);
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

    private static TableStatus find(List<TableStatus> applied, String table) {
        for (TableStatus s : applied) {
            if (s.table().equals(table)) {
                return s;
            }
        }
        return null;
    }

    static String bar(String table, long done, long total, long perSecond) {
        long shown = Math.min(done, total);
        int filled = (int) (shown * BAR / total);
        String eta =
                done >= total
                        ? "done"
                        : perSecond <= 0
                                ? "ETA ?"
                                : "ETA " + ((total - done + perSecond - 1) / perSecond) + " s";
        return String.format(
                "        snapshot %-20s [%s%s] %d of %d (%d%%) %d rows/s %s",
                table,
                "#".repeat(filled),
                "-".repeat(BAR - filled),
                done,
                total,
                shown * 100 / total,
                Math.max(0, perSecond),
                eta);
    }
}

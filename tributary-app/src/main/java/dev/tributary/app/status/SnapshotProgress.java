package dev.tributary.app.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Snapshot progress bars from successive reads of the status table: per table with an estimate,
 * rows applied of the estimate, percent, rate and ETA, until the table's snapshot is finished. Used
 * by {@code tributary run} and {@code tributary demo}. Not thread-safe.
 *
 * <p>The status table does not say when a snapshot ends, so a table counts as finished when its
 * phase is {@code streaming}, when its rows reached the estimate and stopped growing, or when its
 * rows, once started, have not grown for the idle limit (an estimate above the truth). The rate is
 * measured from the moment the table's rows started to grow, so a table waiting for its turn does
 * not drag its own rate down.
 */
public final class SnapshotProgress {
    private static final int BAR = 24;

    private final Map<String, Long> estimates;
    private final Duration idleLimit;
    private final String indent;
    private final int nameWidth;
    private final Map<String, Track> tracks = new HashMap<>();

    /** One table's observations. */
    private static final class Track {
        long baseRows;
        Instant baseTime;
        long lastRows;
        Instant lastGrowth;
        boolean finished;

        Track(long rows, Instant now) {
            baseRows = rows;
            baseTime = now;
            lastRows = rows;
            lastGrowth = now;
        }
    }

    /**
     * @param estimates estimated rows per target table text ({@code public.orders}), in the order
     *     the bars are printed
     * @param idleLimit how long a started table's rows may stay still before it counts as finished;
     *     longer than the pipeline's checkpoint interval, as rows arrive once per checkpoint
     * @param indent printed before each bar
     */
    public SnapshotProgress(Map<String, Long> estimates, Duration idleLimit, String indent) {
        this.estimates = new LinkedHashMap<>(estimates);
        this.idleLimit = idleLimit;
        this.indent = indent;
        int longest = 20;
        for (String table : estimates.keySet()) {
            longest = Math.max(longest, table.length());
        }
        this.nameWidth = longest;
    }

    /**
     * The bars to print for one read of the status table: one for each table whose snapshot was not
     * finished at the previous call; a table's last bar says {@code done}.
     *
     * @param statuses the pipeline's rows of the status table, added up per table
     * @param now when they were read
     */
    public List<String> lines(List<TableStatus> statuses, Instant now) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : estimates.entrySet()) {
            String table = e.getKey();
            long estimate = e.getValue();
            TableStatus status = find(statuses, table);
            long done = status == null ? 0 : status.snapshotRows();
            Track t = tracks.get(table);
            if (t == null) {
                t = new Track(done, now);
                tracks.put(table, t);
            } else if (t.finished) {
                continue;
            }
            boolean grew = done > t.lastRows;
            if (grew) {
                t.lastGrowth = now;
            }
            if (done <= t.baseRows) {
                // Not started yet: the rate is measured from the last moment it stood still.
                t.baseRows = done;
                t.baseTime = now;
            }
            t.lastRows = done;
            boolean streaming = status != null && "streaming".equals(status.phase());
            boolean idle =
                    done > 0 && Duration.between(t.lastGrowth, now).compareTo(idleLimit) >= 0;
            t.finished = streaming || (done >= estimate && !grew) || idle;
            double seconds = Duration.between(t.baseTime, now).toMillis() / 1000.0;
            double rate = seconds > 0 ? (done - t.baseRows) / seconds : 0;
            String name = table + " ".repeat(nameWidth - table.length());
            out.add(bar(indent, name, done, estimate, rate, t.finished));
        }
        return out;
    }

    /** True when every table's snapshot is finished (after at least one call). */
    public boolean finished() {
        for (String table : estimates.keySet()) {
            Track t = tracks.get(table);
            if (t == null || !t.finished) {
                return false;
            }
        }
        return true;
    }

    private static TableStatus find(List<TableStatus> statuses, String table) {
        for (TableStatus s : statuses) {
            if (s.table().equals(table)) {
                return s;
            }
        }
        return null;
    }

    /** {@code done} of {@code estimate} in whole percent, at most 100; 100 when nothing to do. */
    static long percent(long done, long estimate) {
        return estimate <= 0 ? 100 : Math.min(100, done * 100 / estimate);
    }

    /** One bar; {@code table} is padded to 20 characters unless longer. */
    static String bar(
            String indent,
            String table,
            long done,
            long estimate,
            double rowsPerSecond,
            boolean finished) {
        long percent = percent(done, estimate);
        int filled = (int) (percent * BAR / 100);
        String eta;
        if (finished) {
            eta = "done";
        } else if (done >= estimate) {
            eta = "finishing";
        } else if (rowsPerSecond <= 0) {
            eta = "ETA ?";
        } else {
            eta = "ETA " + duration((long) Math.ceil((estimate - done) / rowsPerSecond));
        }
        return String.format(
                Locale.ROOT,
                "%ssnapshot %-20s [%s%s] %d of ~%d (%d%%) %d rows/s %s",
                indent,
                table,
                "#".repeat(filled),
                "-".repeat(BAR - filled),
                done,
                estimate,
                percent,
                Math.round(Math.max(0, rowsPerSecond)),
                eta);
    }

    /** {@code 45 s}, {@code 3 min 20 s}, {@code 2 h 5 min}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}

package dev.tributary.app.status;

import dev.tributary.app.cli.TextTable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Renders table statuses as the text table {@code tributary status} prints. */
public final class StatusView {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int ERROR_WIDTH = 60;

    private StatusView() {}

    /**
     * @param estimates estimated source rows per target table text; a table in phase {@code
     *     snapshot} with an estimate shows {@code N of ~M (P%)}. May be empty
     */
    public static String render(List<TableStatus> rows, Map<String, Long> estimates, Instant now) {
        TextTable t =
                new TextTable(
                        "pipeline",
                        "table",
                        "phase",
                        "snapshot rows",
                        "events",
                        "errors",
                        "lag",
                        "source time",
                        "position",
                        "updated",
                        "last error");
        for (TableStatus s : rows) {
            Long estimate = "snapshot".equals(s.phase()) ? estimates.get(s.table()) : null;
            t.row(
                    s.pipeline(),
                    s.table(),
                    s.phase(),
                    estimate == null
                            ? String.valueOf(s.snapshotRows())
                            : s.snapshotRows()
                                    + " of ~"
                                    + estimate
                                    + " ("
                                    + SnapshotProgress.percent(s.snapshotRows(), estimate)
                                    + "%)",
                    s.eventsApplied(),
                    s.errors(),
                    s.lagMillis() == null ? "" : s.lagMillis() + " ms",
                    s.lastSourceTime() == null ? "" : TIME.format(s.lastSourceTime()),
                    s.lastPosition(),
                    s.updatedAt() == null ? "" : age(Duration.between(s.updatedAt(), now)),
                    cut(s.lastError()));
        }
        return t.render();
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 7200) {
            return s / 60 + " min ago";
        }
        return s / 3600 + " h ago";
    }

    private static String cut(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= ERROR_WIDTH
                ? oneLine
                : oneLine.substring(0, ERROR_WIDTH - 3) + "...";
    }
}

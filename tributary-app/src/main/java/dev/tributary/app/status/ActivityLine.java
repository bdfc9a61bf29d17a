package dev.tributary.app.status;

import dev.tributary.jdbc.commit.StatusTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One line about what a pipeline applied to one sink since the line before, from the sink's status
 * rows: events applied to the target tables, events that went to the error table, and the newest
 * lag. Says nothing while nothing changes, so an idle pipeline stays quiet. Not thread-safe: one
 * per sink, used by one printer thread.
 */
final class ActivityLine {
    private final String prefix;
    private long events = -1;
    private long errors = -1;

    /**
     * @param prefix what the line starts with, such as the pipeline's and sink's names
     */
    ActivityLine(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The line for these rows, or empty when their totals are those of the previous call (and on
     * the first call, which only takes the totals as they are when the printer starts).
     *
     * @param since the time since the previous call
     */
    Optional<String> next(List<TableStatus> rows, Duration since) {
        long applied = 0;
        long failed = 0;
        Long lag = null;
        String position = null;
        Instant newest = null;
        int tables = 0;
        for (TableStatus r : rows) {
            failed += r.errors();
            if (StatusTable.ERRORS.equals(r.phase())) {
                continue;
            }
            tables++;
            applied += r.eventsApplied();
            if (r.updatedAt() != null && (newest == null || r.updatedAt().isAfter(newest))) {
                newest = r.updatedAt();
                lag = r.lagMillis();
                position = r.lastPosition();
            }
        }
        boolean first = events < 0;
        long newEvents = applied - events;
        long newErrors = failed - errors;
        events = applied;
        errors = failed;
        if (first || (newEvents == 0 && newErrors == 0)) {
            return Optional.empty();
        }
        double seconds = Math.max(since.toMillis(), 1) / 1000.0;
        double rate = newEvents / seconds;
        StringBuilder b =
                new StringBuilder(prefix)
                        .append(String.format(Locale.ROOT, "%,d", applied))
                        .append(applied == 1 ? " event" : " events")
                        .append(" applied to ")
                        .append(tables)
                        .append(tables == 1 ? " table" : " tables")
                        .append(
                                String.format(
                                        Locale.ROOT,
                                        " (+%,d in %.0f s, "
                                                + (rate < 10 ? "%.1f" : "%,.0f")
                                                + "/s)",
                                        newEvents,
                                        seconds,
                                        rate))
                        .append(String.format(Locale.ROOT, " | %,d", failed))
                        .append(failed == 1 ? " error" : " errors");
        if (newErrors > 0) {
            b.append(String.format(Locale.ROOT, " (+%,d)", newErrors));
        }
        if (lag != null) {
            b.append(String.format(Locale.ROOT, " | lag %.1f s", lag / 1000.0));
        }
        if (position != null) {
            b.append(" | at ").append(position);
        }
        return Optional.of(b.toString());
    }
}

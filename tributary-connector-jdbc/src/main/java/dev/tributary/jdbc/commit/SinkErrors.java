package dev.tributary.jdbc.commit;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.RowJson;
import dev.tributary.api.event.TableId;
import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.writer.Change;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the events the sink cannot write during one commit attempt, as {@link ErrorRecord}s
 * whose raw value is the event's row rendered as JSON text and whose raw key is its key values as
 * JSON. Not thread-safe.
 */
final class SinkErrors {
    private final JdbcSinkConfig config;
    private final List<ErrorRecord> errors = new ArrayList<>();

    /** Per target table: how many events it refused in this attempt, and the last reason. */
    private final Map<TableId, Refusals> byTarget = new HashMap<>();

    /** The events one target table refused in one attempt. */
    static final class Refusals {
        int count;
        String lastMessage;
    }

    SinkErrors(JdbcSinkConfig config) {
        this.config = config;
    }

    /**
     * Reports one change; {@code row} is the event row that could not be written (after, or
     * before).
     */
    void add(Change change, Object[] row, TableId target, ErrorKind kind, String message) {
        ChangeEvent event = change.event();
        Refusals r = byTarget.computeIfAbsent(target, t -> new Refusals());
        r.count++;
        r.lastMessage = kind + ": " + config.mask(message);
        errors.add(
                ErrorRecord.ofText(
                        change.source(),
                        event.position(),
                        event.table().text(),
                        target.text(),
                        kind,
                        config.mask(message),
                        RowJson.key(event.schema(), row),
                        RowJson.row(event.schema(), row)));
    }

    /** Reports a row the database refused. */
    void refused(Change change, Object[] row, TableId target, SQLException e) {
        add(
                change,
                row,
                target,
                ErrorKind.WRITE_FAILED,
                "the database refused the row (SQLState "
                        + e.getSQLState()
                        + "): "
                        + e.getMessage());
    }

    List<ErrorRecord> all() {
        return errors;
    }

    /** What {@code target} refused in this attempt, or null when nothing. */
    Refusals refusedBy(TableId target) {
        return byTarget.get(target);
    }
}

package dev.tributary.jdbc.writer;

import dev.tributary.api.event.ChangeEvent;
import java.util.Objects;

/**
 * One buffered change of a table batch: the event and what to do with it.
 *
 * @param kind {@link Kind#UPSERT} the event's {@code after} row, {@link Kind#DELETE} the key of its
 *     {@code before} row, apply it {@link Kind#AS_IS} by its op (append and insert modes, and
 *     upserts whose key the writer could not tell), or {@link Kind#TRUNCATE}: the upsert-mode
 *     TRUNCATE behind the batch's truncate flag
 * @param event never null
 * @param source the name of the pipeline source the event came from, for error rows; null when not
 *     known (records the pipeline made itself, batches checkpointed by older versions)
 */
public record Change(Kind kind, ChangeEvent event, String source) {

    /** What the committer does with a buffered change. */
    public enum Kind {
        UPSERT,
        DELETE,
        AS_IS,
        /**
         * The TRUNCATE that emptied an upsert target before the batch's other changes. The batch's
         * {@link TableBatch#truncateFirst()} flag does the work; the event is kept so that a target
         * the sink refuses can report it as an error row instead of dropping it.
         */
        TRUNCATE
    }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(event, "event");
    }

    /** A change whose source is not known. */
    public Change(Kind kind, ChangeEvent event) {
        this(kind, event, null);
    }
}

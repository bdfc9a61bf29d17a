package dev.tributary.jdbc.writer;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import java.util.List;
import java.util.Objects;

/**
 * The changes of one checkpoint interval for one target table and mode, as the writer reduced them.
 * Immutable.
 *
 * @param target the target table
 * @param mode how to write it
 * @param truncateFirst empty the table before applying {@code changes} (an upsert-mode TRUNCATE)
 * @param changes in order; in upsert mode at most one change per key (plus key deletes of
 *     key-changing updates)
 */
public record TableBatch(TableId target, WriteMode mode, boolean truncateFirst, List<Change> changes) {

    public TableBatch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        changes = List.copyOf(changes);
    }
}
